using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Raft3D.Chaos.Cluster;

namespace Raft3D.Chaos.Workload;

/// <summary>
/// HTTP to one node, with a hard per-request time bound; never throws for network trouble.
/// Refused means certainly not delivered. SocketsHttpHandler silently resends a request whose
/// connection closed before any byte of the answer when the request has no body, on a new
/// connection as on a reused one: the first copy may have been applied while only the resend
/// was refused. So every write has a body, and each write gets a handler of its own whose
/// connect callback counts the connections it made: a refusal counts only when none was ever
/// established for that write. Reads share one pool: resending a read is harmless.
/// </summary>
public sealed class NodeClient : IDisposable
{
    private readonly Uri _baseUri;
    private readonly HttpClient _reads;
    private readonly ClusterSecurity? _security;

    /// <summary>A client of the node at baseUri; with security, it trusts the run's CA and sends the write key.</summary>
    public NodeClient(Uri baseUri, ClusterSecurity? security = null)
    {
        _baseUri = baseUri;
        _security = security;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(3),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
            MaxConnectionsPerServer = 64,
        };
        security?.Configure(handler);
        _reads = new HttpClient(handler) { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<HttpAnswer> SendAsync(HttpMethod method, string path, string? json, string? idempotencyKey, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (_security?.WriteKey is { } key) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var write = method != HttpMethod.Get;
        var connected = 0;
        using var writes = write ? WriteClient(() => Interlocked.Increment(ref connected)) : null;
        if (write) request.Headers.ConnectionClose = true;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await (writes ?? _reads).SendAsync(request, cts.Token);
            var text = await response.Content.ReadAsStringAsync(cts.Token);
            JsonElement? body = null;
            string? title = null, detail = null;
            if (text.Length > 0)
            {
                try
                {
                    body = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    detail = text.Length > 300 ? text[..300] : text;
                }
            }
            if (body is { ValueKind: JsonValueKind.Object } b && response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            {
                title = b.TryGetProperty("title", out var t) ? t.GetString() : null;
                detail = b.TryGetProperty("detail", out var d) ? d.GetString() : null;
            }
            var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var r) && r.Any(v => v.Equals("true", StringComparison.OrdinalIgnoreCase));
            long? index = response.Headers.TryGetValues("X-Raft-Applied-Index", out var i) &&
                          long.TryParse(i.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            return new HttpAnswer(Delivery.Answered, (int)response.StatusCode, body, title, detail, replayed, index, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HttpAnswer(Delivery.TimedOut, 0, null, null, null, false, null, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e) when (NeverDelivered(e) && Volatile.Read(ref connected) == 0)
        {
            return new HttpAnswer(Delivery.Refused, 0, null, null, null, false, null, e.Message);
        }
        catch (HttpRequestException e)
        {
            return new HttpAnswer(Delivery.Broken, 0, null, null, null, false, null, e.Message);
        }
        catch (IOException e)
        {
            return new HttpAnswer(Delivery.Broken, 0, null, null, null, false, null, e.Message);
        }
    }

    /// <summary>The connection could not be made at all, so the request never reached the node.</summary>
    private static bool NeverDelivered(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.ConnectionError &&
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable };

    /// <summary>A client for one write: its own pool, one connection, every connection made counted.</summary>
    private HttpClient WriteClient(Action connectedOnce)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    connectTimeout.CancelAfter(TimeSpan.FromSeconds(3));
                    await socket.ConnectAsync(context.DnsEndPoint, connectTimeout.Token);
                    connectedOnce();
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _security?.Configure(handler);
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = _baseUri, Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose() => _reads.Dispose();
}
