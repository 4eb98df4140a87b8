using System.Net;
using System.Text.Json;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Cluster;

/// <summary>-join adds a node through the log (learner, then voter); DELETE /cluster/servers removes it.</summary>
public sealed class MembershipTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_node_started_with_join_becomes_a_voter_and_can_be_removed()
    {
        (await _cluster.Nodes[0].PostAsync("/api/v1/printers", """{"id":"early","company":"Prusa","model":"MK4"}""")).Is(HttpStatusCode.Created);
        var newcomer = _cluster.NewNode("node4");
        _cluster.Nodes.Add(newcomer);

        // The first address is down: -join tries the next.
        await newcomer.StartAsync("-join", $"127.0.0.1:{FreePorts.Next()},{_cluster.Nodes[1].HttpAddress}");

        var leader = await _cluster.LeaderAsync();
        await Eventually.True(async () =>
        {
            var members = (await leader.StatusAsync()).GetProperty("members").EnumerateArray().ToList();
            return members.Any(m => m.GetProperty("id").GetString() == "node4" && m.GetProperty("voter").GetBoolean());
        }, TimeSpan.FromSeconds(20), "node4 to be a voter");
        var member = (await leader.StatusAsync()).GetProperty("members").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "node4");
        Assert.Equal(newcomer.RaftAddress, member.GetProperty("raft_address").GetString());
        Assert.Equal(newcomer.HttpAddress, member.GetProperty("http_address").GetString());
        (await newcomer.GetAsync("/api/v1/printers/early")).Is(HttpStatusCode.OK);
        (await newcomer.PostAsync("/api/v1/printers", """{"id":"through-node4","company":"Prusa","model":"MK4"}""")).Is(HttpStatusCode.Created);
        // The file sink flushes once a second.
        await Eventually.True(() => Task.FromResult(NodeLog.Read(newcomer.LogFile).Contains("Joined the cluster through", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the join in node4's log");

        var removed = (await _cluster.Nodes[2].DeleteAsync("/cluster/servers?id=node4")).Is(HttpStatusCode.OK);

        Assert.DoesNotContain(removed.GetProperty("voters").EnumerateArray(), v => v.GetProperty("id").GetString() == "node4");
        Assert.Equal(3, removed.GetProperty("voters").GetArrayLength());
        await Eventually.True(async () => (await (await _cluster.LeaderAsync()).StatusAsync()).GetProperty("members").GetArrayLength() == 3,
            TimeSpan.FromSeconds(10), "three members");
        await newcomer.StopAsync();
        _cluster.Nodes.Remove(newcomer);
        await newcomer.DisposeAsync();
        (await _cluster.Nodes[0].PostAsync("/api/v1/printers", """{"id":"after-removal","company":"Prusa","model":"MK4"}""")).Is(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_single_bootstrapped_node_grows_by_join()
    {
        using var folder = new TempFolder();
        await using var first = new TestNode("solo1", FreePorts.Next(), FreePorts.Next(), folder.Path, null);
        await using var second = new TestNode("solo2", FreePorts.Next(), FreePorts.Next(), folder.Path, null);
        await first.StartAsync("-bootstrap");
        await Eventually.True(async () => (await first.StatusAsync()).GetProperty("is_leader").GetBoolean(), TimeSpan.FromSeconds(10), "solo1 to lead");

        await second.StartAsync("-join", first.HttpAddress);

        await Eventually.True(async () =>
        {
            var status = await second.StatusAsync();
            return status.GetProperty("members").GetArrayLength() == 2 && status.GetProperty("leader").ValueKind == JsonValueKind.Object;
        }, TimeSpan.FromSeconds(20), "solo2 to join");
        (await second.PostAsync("/api/v1/printers", """{"id":"x","company":"Prusa","model":"MK4"}""")).Is(HttpStatusCode.Created);
        (await first.GetAsync("/api/v1/printers/x")).Is(HttpStatusCode.OK);
    }
}
