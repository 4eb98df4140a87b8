using System.Diagnostics;
using System.Net;
using Raft3D.Server.Tests.Harness;
using Xunit.Abstractions;

namespace Raft3D.Server.Tests.Events;

/// <summary>
/// The bounds of GET /api/v1/events on a one-node cluster with a small window: a since the log
/// no longer holds is 410, and a reader that stops reading is cut without slowing writes.
/// </summary>
public sealed class EventBoundsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static Task<TestCluster> StartAsync() =>
        TestCluster.StartAsync(1, "raft3d.events { window = 50, stall-timeout = 2s, keep-alive = 1s }");

    private static async Task<TimeSpan> CreatePrinterAsync(TestNode node, string id, int companyLength = 5)
    {
        var company = new string('c', companyLength);
        var answer = await node.PostAsync("/api/v1/printers", $$"""{"id":"{{id}}","company":"{{company}}","model":"MK4"}""");
        answer.Is(HttpStatusCode.Created);
        return answer.Took;
    }

    [Fact]
    public async Task A_since_before_a_compaction_is_gone_with_the_applied_index_to_resume_from()
    {
        await using var cluster = await StartAsync();
        var node = cluster.Nodes[0];
        for (var i = 0; i < 5; i++) await CreatePrinterAsync(node, $"c{i}");
        var before = (await node.StatusAsync()).GetProperty("applied_index").GetInt64();
        await using (var fine = await SseStream.OpenAsync(node, "?since=1"))
            Assert.Equal(HttpStatusCode.OK, fine.Status);

        (await node.PostAsync("/cluster/snapshot", null)).Is(HttpStatusCode.OK);
        await CreatePrinterAsync(node, "after");

        var gone = await node.GetAsync("/api/v1/events?since=1");
        var problem = gone.IsProblem(HttpStatusCode.Gone);
        var applied = problem.GetProperty("applied_index").GetInt64();
        Assert.True(applied > before, $"applied_index {applied} is not past {before}");
        Assert.Equal(applied.ToString(System.Globalization.CultureInfo.InvariantCulture), gone.Header("X-Raft-Applied-Index"));
        // The same with Last-Event-ID, as a browser reconnects.
        await using (var reconnect = await SseStream.OpenAsync(node, lastEventId: 2))
            Assert.Equal(HttpStatusCode.Gone, reconnect.Status);
        // Resuming from the snapshot on is fine: the change after it arrives.
        await using var resumed = await SseStream.OpenAsync(node, $"?since={before}");
        Assert.Equal(HttpStatusCode.OK, resumed.Status);
        Assert.Equal("after", (await resumed.NextAsync(Patience))?.ObjectId);
    }

    [Fact]
    public async Task A_reader_that_stops_reading_is_cut_and_writes_keep_succeeding()
    {
        await using var cluster = await StartAsync();
        var node = cluster.Nodes[0];
        const int writes = 400;
        const int companyLength = 16 * 1024; // 400 events of ~16 KiB: more than the socket buffers hold

        async Task<List<TimeSpan>> WriteAsync(string prefix)
        {
            var took = new List<TimeSpan>();
            for (var i = 0; i < writes; i += 8)
                took.AddRange(await Task.WhenAll(Enumerable.Range(i, 8).Select(k => CreatePrinterAsync(node, $"{prefix}{k}", companyLength))));
            return took;
        }

        var baseline = await WriteAsync("a");
        var since = (await node.StatusAsync()).GetProperty("applied_index").GetInt64();

        await using var stalled = await SseStream.OpenAsync(node, $"?since={since}", receiveBuffer: 4096);
        Assert.Equal(HttpStatusCode.OK, stalled.Status);
        var clock = Stopwatch.StartNew();
        var withStalled = await WriteAsync("b"); // nobody reads the stream meanwhile
        output.WriteLine($"{writes} writes of {companyLength / 1024} KiB: median {Median(baseline):0.0} ms alone, " +
                         $"{Median(withStalled):0.0} ms with a stalled reader ({clock.Elapsed.TotalSeconds:0.0} s)");

        // Reading again: what arrives is a prefix of the changes, in order, and then the stream ends.
        var received = new List<SseEvent>();
        while (await stalled.NextAsync(Patience) is { } next) received.Add(next);
        output.WriteLine($"the stalled reader got {received.Count} of {writes} events before it was cut");
        Assert.True(received.Count < writes, "the stalled reader was never cut");
        Assert.All(received, e => Assert.StartsWith("b", e.ObjectId, StringComparison.Ordinal));
        Assert.Equal(received.Count, received.Select(e => e.ObjectId).Distinct().Count());
        Assert.All(received.Zip(received.Skip(1)), pair => Assert.True(pair.Item2.Id > pair.Item1.Id));

        // It cannot resume where it stopped: those changes left the window (50).
        var resume = await node.GetAsync("/api/v1/events?since=" + (received.Count > 0 ? received[^1].Id : since));
        resume.IsProblem(HttpStatusCode.Gone);
        // The node serves new streams as before.
        await using var fresh = await SseStream.OpenAsync(node);
        Assert.Equal(HttpStatusCode.OK, fresh.Status);
        await CreatePrinterAsync(node, "c0");
        Assert.Equal("c0", (await fresh.NextAsync(Patience))?.ObjectId);
    }

    private static double Median(List<TimeSpan> took) => took.Select(t => t.TotalMilliseconds).Order().ElementAt(took.Count / 2);
}
