using System.Net;
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
        var (slow, refused, attempt) = await SlowUpload.HoldUntilRefusedAsync(StartSlowAsync,
            n => _http.PostAsync("/api/v1/printers", Printer($"fast{n}")), "a write refused while the slow upload holds the permit");
        await using var upload = slow;
        var id = $"fast{attempt}";
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-bodies-in-flight", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/v1/printers/{id}")).StatusCode);

        Assert.Contains("201", await upload.FinishAsync());

        await Eventually.True(async () => (await _http.PostAsync("/api/v1/printers", Printer(id))).StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict,
            TimeSpan.FromSeconds(30), "the write served once the permit is free");
    }

    private Task<SlowUpload> StartSlowAsync() =>
        SlowUpload.StartAsync(_node.HttpPort, "/api/v1/printers", """{"id":"slow","company":"Prusa","model":"MK4"}""", 512 * 1024);

    private static StringContent Printer(string id) =>
        new($$"""{"id":"{{id}}","company":"Prusa","model":"MK4"}""", Encoding.UTF8, "application/json");
}
