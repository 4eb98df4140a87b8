using System.Net;
using System.Net.Sockets;
using System.Text;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Reliability;

/// <summary>
/// The bound on request bodies in progress (raft3d.api.max-bodies-in-flight): past it a write is
/// refused with 429 and Retry-After before its body is read, so a flood of large or slow uploads
/// cannot grow the node's memory without limit; once a body is done, writes are served again.
/// </summary>
public sealed class BodyAdmissionTests : IAsyncLifetime
{
    private ConfiguredNode _node = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _node = await ConfiguredNode.StartAsync("raft3d.api.max-bodies-in-flight = 1\n");
        _http = _node.Http;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_write_past_the_bodies_in_flight_is_429_with_retry_after_and_served_once_the_slow_upload_ends()
    {
        // A body padded with JSON whitespace, sent a little at a time: slow enough to hold the
        // node's only permit for as long as the test needs, fast enough (5 KB/s) that Kestrel's
        // minimum body rate (240 B/s) never aborts it, however long a loaded machine takes.
        var json = Encoding.UTF8.GetBytes("""{"id":"slow","company":"Prusa","model":"MK4"}""");
        var body = new byte[512 * 1024];
        Array.Fill(body, (byte)' ');
        json.CopyTo(body, body.Length - json.Length);
        using var slow = new TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, _node.HttpPort);
        var stream = slow.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/v1/printers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n"));
        using var refusalSeen = new CancellationTokenSource();
        var sent = 0;
        var trickle = Task.Run(async () =>
        {
            const int chunk = 512;
            while (!refusalSeen.IsCancellationRequested && sent + chunk < body.Length / 2)
            {
                await stream.WriteAsync(body.AsMemory(sent, chunk));
                sent += chunk;
                await Task.Delay(100);
            }
        });

        HttpResponseMessage? refused = null;
        await Eventually.True(async () =>
        {
            refused = await _http.PostAsync("/api/v1/printers", new StringContent("""{"id":"fast","company":"Prusa","model":"MK4"}""", Encoding.UTF8, "application/json"));
            return refused.StatusCode == HttpStatusCode.TooManyRequests;
        }, TimeSpan.FromSeconds(30), "a write refused while the slow upload holds the permit");
        refusalSeen.Cancel();
        await trickle;
        Assert.NotNull(refused!.Headers.RetryAfter);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-bodies-in-flight", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/v1/printers/fast")).StatusCode);

        await stream.WriteAsync(body.AsMemory(sent));
        var reader = new StreamReader(stream, Encoding.ASCII);
        Assert.Contains("201", await reader.ReadLineAsync() ?? "");

        await Eventually.True(async () => (await _http.PostAsync("/api/v1/printers",
                new StringContent("""{"id":"fast","company":"Prusa","model":"MK4"}""", Encoding.UTF8, "application/json"))).StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict,
            TimeSpan.FromSeconds(30), "the write served once the permit is free");
    }
}
