using System.Net;
using System.Text.Json;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;
using Xunit.Abstractions;

namespace Raft3D.Server.Tests.Operations;

/// <summary>
/// SPEC §11: two of three nodes are lost for good (kill -9, never restarted); the survivor,
/// restarted with -force-new-cluster, serves writes again with everything it had committed,
/// and a wiped node rejoins with -clean -join. Real processes.
/// </summary>
public sealed class ForceNewClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ProcessCluster _cluster = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private void Step(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s  {what}");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_survivor_forced_into_a_new_cluster_keeps_its_committed_state_and_takes_writes()
    {
        await _cluster.BootstrapAsync("n1", "n2", "n3");
        var nodes = _cluster.Nodes.ToList();
        Step("cluster up");
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            nodes[i % 3].WriteAsync("/api/v1/printers", $$"""{"id":"p{{i}}","company":"Prusa","model":"MK{{i}}"}""")));
        foreach (var answer in answers) answer.Is(HttpStatusCode.Created);

        // The survivor is a follower: the leader is among the nodes lost.
        var leader = await ProcessCluster.LeaderAsync(nodes);
        var survivor = nodes.First(n => n != leader);
        var lost = nodes.Where(n => n != survivor).ToList();
        foreach (var node in lost) await node.KillAsync();
        await survivor.KillAsync();

        Step("two lost, survivor killed");
        await survivor.StartAsync("-force-new-cluster");
        Step("survivor restarted with -force-new-cluster");
        await ProcessCluster.VotersAsync(survivor, survivor.Id);
        await Eventually.True(async () => (await survivor.StatusAsync()).GetProperty("is_leader").GetBoolean(),
            TimeSpan.FromSeconds(30), "the survivor to lead");
        var printers = (await survivor.GetAsync("/api/v1/printers")).Is(HttpStatusCode.OK).EnumerateArray()
            .Select(p => p.GetProperty("id").GetString()).ToHashSet();
        Assert.All(Enumerable.Range(0, 30), i => Assert.Contains($"p{i}", printers));
        (await survivor.WriteAsync("/api/v1/printers", """{"id":"after","company":"Bambu","model":"P1S"}""")).Is(HttpStatusCode.Created);
        var log = await File.ReadAllTextAsync(_cluster.Combine("logs", $"{survivor.Id}.log"));
        Assert.Contains("FORCE NEW CLUSTER", log);

        Step("survivor leads and takes writes");
        // The forced configuration is in the journal: restarted after kill -9 without the flag,
        // the survivor still leads alone (with the old configuration it could elect no one), and
        // a lost node comes back wiped, under its old id, joins it and catches up. Both start at
        // once: the joiner keeps asking until the survivor is up.
        await survivor.KillAsync();
        var returning = lost[0];
        await Task.WhenAll(survivor.StartAsync(), returning.StartAsync("-clean", "-join", survivor.HttpAddress));
        Step("survivor restarted without the flag, wiped node started");
        await ProcessCluster.VotersAsync(survivor, survivor.Id, returning.Id);
        Step("wiped node is a voter");
        (await returning.WriteAsync("/api/v1/printers", """{"id":"rejoined","company":"Bambu","model":"A1"}""")).Is(HttpStatusCode.Created);
        await Eventually.True(async () =>
        {
            var local = await returning.GetAsync("/api/v1/printers?consistency=local");
            var ids = local.Json.EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToHashSet();
            return ids.Count == 32 && ids.Contains("after") && ids.Contains("rejoined");
        }, TimeSpan.FromSeconds(30), () => $"{returning.Id} to hold all 32 printers");
        Assert.Equal(JsonValueKind.Object, (await returning.StatusAsync()).GetProperty("leader").ValueKind);
    }
}
