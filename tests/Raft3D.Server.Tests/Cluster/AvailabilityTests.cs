using System.Net;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Cluster;

/// <summary>Quorum loss answers 503 within the bound; a whole-cluster restart keeps every acknowledged object.</summary>
public sealed class AvailabilityTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task With_two_of_three_nodes_down_writes_and_reads_are_503_within_the_bound()
    {
        var survivor = await _cluster.FollowerAsync();
        (await survivor.PostAsync("/api/v1/printers", """{"id":"before","company":"Prusa","model":"MK4"}""")).Is(HttpStatusCode.Created);
        await Task.WhenAll(_cluster.Nodes.Where(n => n != survivor).Select(n => n.StopAsync()));
        var bound = TestCluster.RequestTimeout + TimeSpan.FromSeconds(2);

        var write = await survivor.PostAsync("/api/v1/printers", """{"id":"during","company":"Prusa","model":"MK4"}""", "outage-key");
        var read = await survivor.GetAsync("/api/v1/printers/before");

        foreach (var answer in new[] { write, read })
        {
            answer.IsProblem(HttpStatusCode.ServiceUnavailable);
            Assert.True(answer.Took < bound, $"answered in {answer.Took}, over {bound}");
            Assert.True(int.Parse(answer.Header("Retry-After")!) >= 1);
        }
        var local = await survivor.GetAsync("/api/v1/printers/before?consistency=local");
        Assert.Equal("Prusa", local.Is(HttpStatusCode.OK).GetProperty("company").GetString());
        await Eventually.True(async () => (await survivor.GetAsync("/health/ready")).Status == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(10), "the lone node to report not ready");
        Assert.Contains((await survivor.StatusAsync()).GetProperty("state").GetString(), new[] { "Candidate", "Follower" });

        // Back to a majority: the retry with the same key gets a definite answer.
        await Task.WhenAll(_cluster.Nodes.Where(n => !n.IsRunning).Select(n => n.StartAsync()));
        await _cluster.LeaderAsync();
        var retry = await Eventually.Get(async () =>
        {
            var answer = await survivor.PostAsync("/api/v1/printers", """{"id":"during","company":"Prusa","model":"MK4"}""", "outage-key");
            return answer.Status == HttpStatusCode.ServiceUnavailable ? null : answer;
        }, TimeSpan.FromSeconds(20), "the retried write to be answered");
        Assert.True(retry.Status is HttpStatusCode.Created, retry.ToString());
        Assert.Single((await survivor.GetAsync("/api/v1/printers")).Is(HttpStatusCode.OK).EnumerateArray(), p => p.GetProperty("id").GetString() == "during");
    }

    [Fact]
    public async Task A_restart_of_the_whole_cluster_keeps_every_acknowledged_object()
    {
        var acknowledged = new List<string>();
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            _cluster.Nodes[i % 3].PostAsync("/api/v1/printers", $$"""{"id":"p{{i}}","company":"Prusa","model":"MK{{i}}"}""")));
        for (var i = 0; i < answers.Length; i++)
            if (answers[i].Status == HttpStatusCode.Created) acknowledged.Add($"p{i}");
        Assert.Equal(30, acknowledged.Count);
        (await _cluster.Nodes[0].PostAsync("/api/v1/filaments", """{"id":"f","type":"ABS","color":"black","total_weight_in_grams":900}""")).Is(HttpStatusCode.Created);
        (await _cluster.Nodes[1].PostAsync("/api/v1/print_jobs", """{"id":"j","printer_id":"p1","filament_id":"f","filepath":"x.gcode","print_weight_in_grams":300}""", "job-key"))
            .Is(HttpStatusCode.Created);
        (await _cluster.Nodes[2].PostAsync("/cluster/snapshot", null)).Is(HttpStatusCode.OK);
        (await _cluster.Nodes[2].PostAsync("/api/v1/printers", """{"id":"after-snapshot","company":"Prusa","model":"MK4"}""")).Is(HttpStatusCode.Created);
        acknowledged.Add("after-snapshot");

        await Task.WhenAll(_cluster.Nodes.Select(n => n.StopAsync()));
        // -bootstrap again, as a careless operator would: ignored on initialised nodes.
        await Task.WhenAll(_cluster.Nodes.Select(n => n.StartAsync("-bootstrap")));
        await _cluster.LeaderAsync();

        foreach (var node in _cluster.Nodes)
        {
            var printers = (await node.GetAsync("/api/v1/printers")).Is(HttpStatusCode.OK);
            Assert.Equal(acknowledged.Order(), printers.EnumerateArray().Select(p => p.GetProperty("id").GetString()!).Order());
            var filament = (await node.GetAsync("/api/v1/filaments/f")).Is(HttpStatusCode.OK);
            Assert.Equal(300, filament.GetProperty("reserved_weight_in_grams").GetInt32());
        }
        // The idempotency table survived too.
        var retry = await _cluster.Nodes[0].PostAsync("/api/v1/print_jobs", """{"id":"j","printer_id":"p1","filament_id":"f","filepath":"x.gcode","print_weight_in_grams":300}""", "job-key");
        Assert.Equal(HttpStatusCode.Created, retry.Status);
        Assert.Equal("true", retry.Header("Idempotent-Replayed"));
        // The file sink flushes once a second.
        await Eventually.True(() => Task.FromResult(NodeLog.Read(_cluster.Nodes[0].LogFile).Contains("bootstrap configuration ignored", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the ignored bootstrap in node1's log");
    }
}
