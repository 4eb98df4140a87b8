using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Raft3D.Server.Tests.Harness;

/// <summary>One Server-Sent Event as a client sees it.</summary>
public sealed record SseEvent(long Id, string Type, JsonElement Data)
{
    public JsonElement Object => Data.GetProperty("object");

    public string ObjectId => Object.GetProperty("id").GetString()!;
}

/// <summary>
/// A client of GET /api/v1/events: reads events line by line as they arrive. Its own HttpClient
/// (no overall timeout: a stream is long); receiveBuffer shrinks the socket's receive buffer, so
/// a reader that stops reading stalls the server soon.
/// </summary>
public sealed class SseStream : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpClient client, HttpResponseMessage response, StreamReader reader)
    {
        _client = client;
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Comment lines seen so far (keep-alives).</summary>
    public int Comments { get; private set; }

    /// <summary>Opens the stream; the caller checks <see cref="Response"/>'s status (a 410 has a problem body).</summary>
    public static async Task<SseStream> OpenAsync(TestNode node, string query = "", long? lastEventId = null, int? receiveBuffer = null)
    {
        var handler = new SocketsHttpHandler();
        if (receiveBuffer is { } size)
        {
            handler.ConnectCallback = async (context, cancel) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = size, NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            };
        }
        var client = new HttpClient(handler) { BaseAddress = node.Http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events" + query);
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var connect = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connect.Token);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(connect.Token));
        return new SseStream(client, response, reader);
    }

    public HttpStatusCode Status => _response.StatusCode;

    public async Task<JsonElement> ProblemAsync() => JsonDocument.Parse(await _reader.ReadToEndAsync()).RootElement;

    /// <summary>The next event, or null when the server ended the stream; throws when none comes in time.</summary>
    public async Task<SseEvent?> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        long? id = null;
        string? type = null;
        string? data = null;
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no event within {timeout.TotalSeconds:0.#} s");
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                return null; // the server cut the connection
            }
            if (line is null) return null;
            if (line.Length == 0)
            {
                if (data is not null) return new SseEvent(id ?? -1, type ?? "message", JsonDocument.Parse(data).RootElement);
                continue;
            }
            if (line.StartsWith(':')) Comments++;
            else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
        }
    }

    /// <summary>The next count events; fails when the stream ends or stalls first.</summary>
    public async Task<List<SseEvent>> TakeAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var events = new List<SseEvent>();
        while (events.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            var next = left > TimeSpan.Zero ? await NextAsync(left) : throw new TimeoutException($"{events.Count} of {count} events within {timeout.TotalSeconds:0} s");
            events.Add(next ?? throw new InvalidOperationException($"the stream ended after {events.Count} of {count} events"));
        }
        return events;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
