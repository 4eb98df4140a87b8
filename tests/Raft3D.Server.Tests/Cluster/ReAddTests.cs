using System.Net;
using System.Text.Json;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Cluster;

/// <summary>
/// SPEC §4: a node removed while it runs can be added back by hand without restarting its
/// process, and then counts as a working voter: a configuration of it and one other commits.
/// FINDINGS.md §3 (seed 5103): once its removal committed, the others downed it in Akka.Cluster
/// and quarantined its incarnation, so after being added back it could not talk to them.
/// </summary>
public sealed class ReAddTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_running_node_removed_and_added_back_is_a_working_voter()
    {
        var leader = await _cluster.LeaderAsync();
        // Once the members have formed their Akka cluster (each sees the others healthy): a
        // removal downs the removed node there, which is what got it quarantined.
        await Eventually.True(async () => (await leader.StatusAsync()).GetProperty("members").EnumerateArray().All(m => m.GetProperty("healthy").GetBoolean()),
            TimeSpan.FromSeconds(30), "every member healthy in the leader's view");
        var followers = _cluster.Nodes.Where(n => n != leader).ToList();
        var (readded, other) = (followers[0], followers[1]);

        (await leader.DeleteAsync($"/cluster/servers?id={readded.Id}")).Is(HttpStatusCode.OK);
        await MembersAsync(other, 2);
        // Until Akka has settled the removed node's fate: downed and removed (which got it
        // quarantined), or kept because it still runs. The file sink flushes once a second.
        var removedInAkka = $"Leader is removing unreachable node [akka.tcp://raft3d@{readded.RaftAddress}]";
        var kept = $"Server {readded.Id} was removed but still runs";
        await Eventually.True(() => Task.FromResult(_cluster.Nodes.Any(n => NodeLog.Read(n.LogFile).Contains(removedInAkka, StringComparison.Ordinal))
                || NodeLog.Read(leader.LogFile).Contains(kept, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), () => $"Akka to down and remove {readded.Id}, or to keep it", TimeSpan.FromMilliseconds(200));
        var join = JsonSerializer.Serialize(new { node_id = readded.Id, addr = readded.RaftAddress, http_addr = readded.HttpAddress });
        await Eventually.True(async () => (await leader.PostAsync("/join", join)).Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), () => $"{readded.Id} added back");
        await Eventually.True(async () => (await leader.StatusAsync()).GetProperty("members").EnumerateArray()
                .Any(m => m.GetProperty("id").GetString() == readded.Id && m.GetProperty("voter").GetBoolean()),
            TimeSpan.FromSeconds(30), () => $"{readded.Id} a voter again");

        // Now the configuration {leader, readded} must reach a quorum: both must talk.
        (await leader.DeleteAsync($"/cluster/servers?id={other.Id}")).Is(HttpStatusCode.OK);
        await other.StopAsync();
        var last = "";
        await Eventually.True(async () =>
        {
            var answer = await readded.PostAsync("/api/v1/printers", """{"id":"after-readd","company":"Prusa","model":"MK4"}""", "after-readd");
            last = answer.ToString();
            return answer.Status == HttpStatusCode.Created;
        }, TimeSpan.FromSeconds(30), () => $"a write committed by {{{leader.Id}, {readded.Id}}} (last: {last})", TimeSpan.FromMilliseconds(250));
        (await leader.GetAsync("/api/v1/printers/after-readd")).Is(HttpStatusCode.OK);
    }

    private static Task MembersAsync(TestNode node, int count) =>
        Eventually.True(async () => (await node.StatusAsync()).GetProperty("members").GetArrayLength() == count,
            TimeSpan.FromSeconds(20), () => $"{node.Id} seeing {count} members");
}
