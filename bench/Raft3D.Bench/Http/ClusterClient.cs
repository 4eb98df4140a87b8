using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Raft3D.Bench.Http;

/// <summary>
/// The bench's HTTP client: one pooled SocketsHttpHandler for every node (HTTP/1.1, enough
/// connections for the highest concurrency, no proxy, no cookies), request classification
/// into <see cref="RequestOutcome"/>, and the cluster status look-ups.
/// </summary>
public sealed class ClusterClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _status;

    /// <summary>Security null: plain HTTP without keys; otherwise HTTPS trusting the cluster's CA, with its admin key.</summary>
    public ClusterClient(TimeSpan requestTimeout, int maxConnectionsPerNode, ClientSecurity? security = null)
    {
        Scheme = security is null ? "http" : "https";
        Http = new HttpClient(Handler(maxConnectionsPerNode, security)) { Timeout = requestTimeout };
        // Status polls get their own small pool, so they never queue behind the load.
        _status = new HttpClient(Handler(8, security)) { Timeout = TimeSpan.FromSeconds(2) };
        if (security is not null)
        {
            var bearer = new AuthenticationHeaderValue("Bearer", security.ApiKey);
            Http.DefaultRequestHeaders.Authorization = bearer;
            _status.DefaultRequestHeaders.Authorization = bearer;
        }
    }

    public HttpClient Http { get; }

    /// <summary>http or https.</summary>
    public string Scheme { get; }

    /// <summary>The base URL of a node given as host:port.</summary>
    public string BaseUrl(string httpAddress) => $"{Scheme}://{httpAddress}";

    private static SocketsHttpHandler Handler(int maxConnections, ClientSecurity? security)
    {
        var handler = NewHandler(maxConnections);
        security?.Apply(handler);
        return handler;
    }

    private static SocketsHttpHandler NewHandler(int maxConnections) => new()
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
    };

    public static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return content;
    }

    /// <summary>Sends a request and classifies the answer; success is any 2xx.</summary>
    public async Task<RequestOutcome> SendAsync(HttpMethod method, string url, HttpContent? content, bool isWrite, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content, Version = HttpVersion.Version11 };
        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (response.IsSuccessStatusCode) return RequestOutcome.Succeeded;
            if (isWrite && response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (body.Contains("Outcome unknown", StringComparison.Ordinal)) return RequestOutcome.Unknown;
            }
            return RequestOutcome.Failed;
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            // Nothing was sent: the node is down (or not listening yet).
            return RequestOutcome.Refused;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // Sent, but the answer never came (timeout, connection reset): a write may have been applied.
            return isWrite ? RequestOutcome.Unknown : RequestOutcome.Failed;
        }
    }

    public async Task<bool> IsReadyAsync(string httpAddress)
    {
        try
        {
            using var response = await _status.GetAsync($"{BaseUrl(httpAddress)}/health/ready");
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The node's status, or null when it does not answer.</summary>
    public async Task<NodeStatus?> StatusAsync(string httpAddress)
    {
        try
        {
            using var response = await _status.GetAsync($"{BaseUrl(httpAddress)}/cluster/status");
            if (!response.IsSuccessStatusCode) return null;
            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            var root = document.RootElement;
            var leader = root.GetProperty("leader");
            var hasLeader = leader.ValueKind == JsonValueKind.Object;
            return new NodeStatus(
                root.GetProperty("node_id").GetString()!,
                root.GetProperty("state").GetString()!,
                root.GetProperty("term").GetInt64(),
                root.GetProperty("is_leader").GetBoolean(),
                hasLeader ? leader.GetProperty("id").GetString() : null,
                hasLeader ? leader.GetProperty("http_address").GetString() : null,
                root.GetProperty("commit_index").GetInt64(),
                root.GetProperty("applied_index").GetInt64(),
                root.GetProperty("members").EnumerateArray()
                    .Select(m => new MemberState(m.GetProperty("id").GetString()!, m.GetProperty("http_address").GetString()!,
                        m.GetProperty("voter").GetBoolean(), m.GetProperty("healthy").GetBoolean()))
                    .ToList());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Bytes the node's runtime has allocated since it started (the System.Runtime meter's
    /// dotnet.gc.heap.total_allocated, from /metrics), or null when it does not answer.
    /// </summary>
    public async Task<long?> AllocatedBytesAsync(string httpAddress) =>
        await MetricSumAsync(httpAddress, AllocatedBytesMetric) is { } bytes ? (long)bytes : null;

    /// <summary>The sum over its labels of one metric of the node's /metrics, or null when it does not answer.</summary>
    public async Task<double?> MetricSumAsync(string httpAddress, string metric)
    {
        try
        {
            return PrometheusText.Sum(await _status.GetStringAsync($"{BaseUrl(httpAddress)}/metrics"), metric);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private const string AllocatedBytesMetric = "dotnet_gc_heap_total_allocated_bytes_total";

    /// <summary>The node that says it is the leader (in the highest term), among the given addresses, or null.</summary>
    public async Task<LeaderInfo?> FindLeaderAsync(IEnumerable<string> httpAddresses)
    {
        var answers = await Task.WhenAll(httpAddresses.Select(async a => (Address: a, Status: await StatusAsync(a))));
        return answers.Where(a => a.Status is { IsLeader: true }).Select(a => new LeaderInfo(a.Address, a.Status!)).MaxBy(l => l.Status.Term);
    }

    /// <summary>Polls condition every 50 ms until it holds, or throws after timeout.</summary>
    public async Task WaitAsync(TimeSpan timeout, string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        _status.Dispose();
    }
}
