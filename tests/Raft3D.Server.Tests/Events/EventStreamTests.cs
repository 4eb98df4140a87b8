using System.Net;
using Raft3D.Server.Tests.Harness;
using Xunit.Abstractions;

namespace Raft3D.Server.Tests.Events;

/// <summary>GET /api/v1/events on real nodes (SPEC §7): order, exactly once, filters, resume, restarts.</summary>
public sealed class EventStreamTests(EventClusterFixture fixture, ITestOutputHelper output) : IClassFixture<EventClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private TestCluster Cluster => fixture.Cluster;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private static async Task<long> CreatePrinterAsync(TestNode via, string id)
    {
        var answer = await via.PostAsync("/api/v1/printers", $$"""{"id":"{{id}}","company":"Prusa","model":"MK4"}""");
        answer.Is(HttpStatusCode.Created);
        return long.Parse(answer.Header("X-Raft-Applied-Index") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The node's applied index as a list read on it reports it: where a fresh list stands.</summary>
    private static async Task<long> AppliedIndexAsync(TestNode node) =>
        (await node.StatusAsync()).GetProperty("applied_index").GetInt64();

    private static void AssertStrictlyIncreasing(IReadOnlyList<SseEvent> events)
    {
        for (var i = 1; i < events.Count; i++)
            Assert.True(events[i].Id > events[i - 1].Id, $"event {events[i].Id} came after {events[i - 1].Id}");
    }

    [Fact]
    public async Task A_follower_streams_the_writes_made_on_other_nodes_in_log_order_once_each()
    {
        var leader = await Cluster.LeaderAsync();
        var follower = Cluster.Nodes.First(n => n != leader);
        var other = Cluster.Nodes.First(n => n != leader && n != follower);
        await using var all = await SseStream.OpenAsync(follower);
        await using var jobs = await SseStream.OpenAsync(follower, "?types=print_job");
        Assert.Equal(HttpStatusCode.OK, all.Status);
        Assert.Equal("text/event-stream", all.Response.Content.Headers.ContentType?.MediaType);

        var printer = Unique("p");
        var spool = Unique("f");
        var job = Unique("j");
        var expected = new List<(string Type, string Id)>();
        var printers = Enumerable.Range(0, 12).Select(i => $"{printer}-{i}").ToList();
        // Concurrent writes through both other nodes: the log decides their order.
        await Task.WhenAll(printers.Select((id, i) => CreatePrinterAsync(i % 2 == 0 ? leader : other, id)));
        expected.AddRange(printers.Select(id => ("printer.created", id)));
        (await other.PostAsync("/api/v1/filaments", $$"""{"id":"{{spool}}","type":"pla","color":"red","total_weight_in_grams":1000}""")).Is(HttpStatusCode.Created);
        (await leader.PostAsync("/api/v1/print_jobs", $$"""{"id":"{{job}}","printer_id":"{{printers[0]}}","filament_id":"{{spool}}","filepath":"a.gcode","print_weight_in_grams":100}""")).Is(HttpStatusCode.Created);
        (await other.PostAsync($"/api/v1/print_jobs/{job}/status?status=running", null)).Is(HttpStatusCode.OK);
        // A refused write changes nothing and is no event.
        (await leader.PostAsync($"/api/v1/print_jobs/{job}/status?status=queued", null)).IsProblem(HttpStatusCode.Conflict);
        (await leader.PostAsync($"/api/v1/print_jobs/{job}/status?status=done", null)).Is(HttpStatusCode.OK);
        (await other.SendAsync(HttpMethod.Patch, $"/api/v1/printers/{printers[1]}", """{"model":"MK4S"}""")).Is(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await leader.DeleteAsync($"/api/v1/printers/{printers[2]}")).Status);
        expected.AddRange([("filament.created", spool), ("print_job.created", job), ("print_job.status_changed", job), ("print_job.status_changed", job),
            ("printer.updated", printers[1]), ("printer.deleted", printers[2])]);

        var events = await all.TakeAsync(expected.Count, Patience);
        AssertStrictlyIncreasing(events);
        Assert.Equal(printers.Order(), events.Take(12).Select(e => e.ObjectId).Order());
        Assert.Equal(expected.Skip(12), events.Skip(12).Select(e => (e.Type, e.ObjectId)));
        Assert.All(events, e => Assert.Equal(e.Id, e.Data.GetProperty("index").GetInt64()));
        Assert.All(events, e => Assert.Equal(e.Type, e.Data.GetProperty("type").GetString()));
        // The object as a GET shows it after that change.
        Assert.Equal("Running", events[^4].Object.GetProperty("status").GetString());
        Assert.Equal("Done", events[^3].Object.GetProperty("status").GetString());
        Assert.Equal("MK4S", events[^2].Object.GetProperty("model").GetString());
        // version is the log index of the object's last change: this one.
        Assert.All(events.SkipLast(1), e => Assert.Equal(e.Id, e.Object.GetProperty("version").GetInt64()));
        var spoolEvent = events.Single(e => e.Type == "filament.created");
        Assert.Equal("PLA", spoolEvent.Object.GetProperty("type").GetString());
        Assert.Equal(1000, spoolEvent.Object.GetProperty("available_weight_in_grams").GetInt32());

        var jobEvents = await jobs.TakeAsync(3, Patience);
        Assert.Equal(events.Where(e => e.Type.StartsWith("print_job.", StringComparison.Ordinal)).Select(e => e.Id), jobEvents.Select(e => e.Id));
    }

    [Fact]
    public async Task A_reconnect_with_last_event_id_loses_and_repeats_nothing_even_across_a_restart_of_the_node()
    {
        var leader = await Cluster.LeaderAsync();
        var follower = Cluster.Nodes.First(n => n != leader);
        var prefix = Unique("r");
        var since = await AppliedIndexAsync(follower);
        var received = new List<SseEvent>();
        var written = new List<string>();

        async Task WriteAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var id = $"{prefix}-{written.Count}";
                await CreatePrinterAsync(leader, id);
                written.Add(id);
            }
        }

        await using (var first = await SseStream.OpenAsync(follower, $"?since={since}&types=printer"))
        {
            await WriteAsync(8);
            received.AddRange(await first.TakeAsync(5, Patience));
        } // dropped mid-stream with three events unread
        await WriteAsync(4);
        await using (var second = await SseStream.OpenAsync(follower, $"?since={since}&types=printer", lastEventId: received[^1].Id))
        {
            received.AddRange(await second.TakeAsync(7, Patience));
        }

        // The node serving the stream restarts: its window refills from the log it still holds.
        var resumeFrom = received[^1].Id;
        await follower.StopAsync();
        await WriteAsync(3);
        await follower.StartAsync();
        await using (var third = await SseStream.OpenAsync(follower, $"?since={since}&types=printer", lastEventId: resumeFrom))
        {
            Assert.Equal(HttpStatusCode.OK, third.Status);
            received.AddRange(await third.TakeAsync(3, Patience));
        }

        AssertStrictlyIncreasing(received);
        Assert.Equal(written, received.Select(e => e.ObjectId).Where(id => id.StartsWith(prefix, StringComparison.Ordinal)));
        // The same history again, from the start, after the restart.
        await using var replay = await SseStream.OpenAsync(follower, $"?since={since}&types=printer");
        var again = await replay.TakeAsync(received.Count, Patience);
        Assert.Equal(received.Select(e => (e.Id, e.ObjectId)), again.Select(e => (e.Id, e.ObjectId)));
    }

    [Fact]
    public async Task A_node_shutting_down_ends_its_streams_instead_of_waiting_for_them()
    {
        var leader = await Cluster.LeaderAsync();
        var follower = Cluster.Nodes.First(n => n != leader);
        await using var stream = await SseStream.OpenAsync(follower);
        Assert.Equal(HttpStatusCode.OK, stream.Status);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stopping = follower.StopAsync();
        // Kestrel would otherwise hold the open stream up to the 15 s shutdown timeout.
        Assert.Null(await stream.NextAsync(TimeSpan.FromSeconds(10)));
        output.WriteLine($"the stream ended {clock.ElapsedMilliseconds} ms after the node began to stop");
        await stopping;
        await follower.StartAsync();
        await Cluster.LeaderAsync();
    }

    [Fact]
    public async Task An_idle_stream_gets_a_keep_alive_comment_at_the_configured_interval()
    {
        var node = Cluster.Nodes[0];
        await using var stream = await SseStream.OpenAsync(node, "?printer_id=nobody-has-this-id");
        Assert.Equal(HttpStatusCode.OK, stream.Status);
        await Assert.ThrowsAsync<TimeoutException>(() => stream.NextAsync(TimeSpan.FromSeconds(2.5)));
        output.WriteLine($"{stream.Comments} comment lines in 2.5 s (retry line excluded: it is a field, not a comment)");
        Assert.True(stream.Comments >= 1, "no keep-alive comment within 2.5 s with keep-alive = 1s");
    }

    [Theory]
    [InlineData("?since=-1", "since")]
    [InlineData("?since=abc", "since")]
    [InlineData("?types=printers", "types")]
    public async Task A_bad_query_is_a_problem_naming_the_field(string query, string field)
    {
        var answer = await Cluster.Nodes[1].GetAsync("/api/v1/events" + query);
        answer.IsProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_since_ahead_of_the_node_waits_for_that_index()
    {
        var leader = await Cluster.LeaderAsync();
        var since = await AppliedIndexAsync(leader) + 2;
        await using var stream = await SseStream.OpenAsync(leader, $"?since={since}");
        var prefix = Unique("w");
        for (var i = 0; i < 4; i++) await CreatePrinterAsync(leader, $"{prefix}-{i}");
        var first = await stream.NextAsync(Patience);
        Assert.NotNull(first);
        Assert.True(first.Id > since, $"event {first.Id} is not after since={since}");
    }

    [Fact]
    public async Task Without_since_a_stream_starts_at_the_current_applied_index()
    {
        var leader = await Cluster.LeaderAsync();
        await CreatePrinterAsync(leader, Unique("old"));
        await using var stream = await SseStream.OpenAsync(leader);
        var fresh = Unique("new");
        await CreatePrinterAsync(leader, fresh);
        var first = await stream.NextAsync(Patience);
        Assert.Equal(fresh, first?.ObjectId);
    }
}
