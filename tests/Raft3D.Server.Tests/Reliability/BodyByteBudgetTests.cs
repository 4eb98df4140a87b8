using System.Net;
using System.Text;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Reliability;

/// <summary>
/// The bound on the bytes request bodies in progress announce (raft3d.api.max-body-bytes-in-flight):
/// a large body that would pass it is refused with 429 before it is read, while small writes go
/// on; once the large upload in progress ends, the large write is served.
/// </summary>
public sealed class BodyByteBudgetTests : IAsyncLifetime
{
    private const int Large = 60 * 1024;
    private ConfiguredNode _node = null!;

    public async Task InitializeAsync() =>
        _node = await ConfiguredNode.StartAsync("raft3d.api.max-body-bytes = 64KiB\nraft3d.api.max-body-bytes-in-flight = 100KiB\n");

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private static StringContent Padded(string json, int size) =>
        new(json + new string(' ', Math.Max(0, size - Encoding.UTF8.GetByteCount(json))), Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_large_body_past_the_byte_budget_is_429_while_small_writes_are_served()
    {
        var (slow, refused, _) = await SlowUpload.HoldUntilRefusedAsync(StartSlowAsync,
            _ => _node.Http.PostAsync("/api/v1/printers", Padded("""{"id":"large","company":"Prusa","model":"MK4"}""", Large)),
            "a large write refused while the slow upload holds 60 KiB of the 100 KiB");
        await using var upload = slow;
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("max-body-bytes-in-flight", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created,
            (await _node.Http.PostAsync("/api/v1/printers", Padded("""{"id":"small","company":"Prusa","model":"MK4"}""", 0))).StatusCode);

        Assert.Contains("201", await upload.FinishAsync());
        await Eventually.True(async () => (await _node.Http.PostAsync("/api/v1/printers",
                Padded("""{"id":"large","company":"Prusa","model":"MK4"}""", Large))).StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict,
            TimeSpan.FromSeconds(30), "the large write served once the slow upload ended");
    }

    private Task<SlowUpload> StartSlowAsync() =>
        SlowUpload.StartAsync(_node.HttpPort, "/api/v1/printers", """{"id":"slow","company":"Prusa","model":"MK4"}""", Large);
}
