using Raft3D.Consensus.Core;
using Raft3D.Consensus.Node;
using Raft3D.Testing;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>Several ActorSystems over Akka.Remote on loopback, each with its own SQLite journal.</summary>
public sealed class ElectionAndReplicationTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Exactly_one_leader_is_elected_and_everyone_follows_it(int size)
    {
        await using var cluster = RaftTestCluster.Start(size);
        var leader = await cluster.AwaitLeaderAsync();

        await Eventually.True(async () =>
        {
            var statuses = await Task.WhenAll(cluster.Nodes.Select(n => n.StatusAsync()));
            return statuses.Count(s => s.Role == RaftRole.Leader) == 1
                   && statuses.All(s => s.LeaderId == leader.Id && s.Term == statuses[0].Term);
        }, RaftTestCluster.Patience, "all nodes to agree on one leader and one term");
    }

    [Fact]
    public async Task Entries_proposed_through_any_node_apply_everywhere_in_the_same_order()
    {
        await using var cluster = RaftTestCluster.Start(3);
        await cluster.AwaitLeaderAsync();

        // Concurrent proposals through all three nodes: followers forward to the leader.
        var proposals = Enumerable.Range(0, 60)
            .Select(i => cluster.ProposeCommittedAsync($"cmd-{i}", cluster.Nodes[i % 3]))
            .ToList();
        var results = await Task.WhenAll(proposals);

        Assert.Equal(60, results.Select(r => r.Index).Distinct().Count());
        var leaderApplied = await cluster.AppliedAsync(await cluster.AwaitLeaderAsync());
        Assert.Equal(60, leaderApplied.Count);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"cmd-{i}").Order(), leaderApplied.Order());
        await cluster.AwaitAppliedEverywhereAsync(leaderApplied);
    }

    [Fact]
    public async Task A_proposal_answered_Applied_carries_the_state_machine_result()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var applied = await cluster.ProposeCommittedAsync("first");
        Assert.Equal($"applied #1 at {applied.Index}", System.Text.Encoding.UTF8.GetString(applied.Result));
    }

    [Fact]
    public async Task Leader_crash_elects_a_new_leader_and_loses_nothing_committed()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var expected = new List<string>();
        expected.AddRange(await cluster.WriteManyAsync("before", 20, concurrency: 1));
        var oldLeader = await cluster.AwaitLeaderAsync();
        await cluster.CrashAsync(oldLeader);

        var newLeader = await cluster.AwaitLeaderAsync();
        Assert.NotEqual(oldLeader.Id, newLeader.Id);
        expected.AddRange(await cluster.WriteManyAsync("after", 20, concurrency: 1));
        await cluster.AwaitAppliedEverywhereAsync(expected);
    }

    [Fact]
    public async Task A_follower_restarted_from_its_file_catches_up()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var leader = await cluster.AwaitLeaderAsync();
        var follower = cluster.Nodes.First(n => n != leader);
        var expected = new List<string>();
        expected.AddRange(await cluster.WriteManyAsync("a", 10, concurrency: 1));
        await cluster.AwaitAppliedEverywhereAsync(expected);
        await cluster.CrashAsync(follower);
        expected.AddRange(await cluster.WriteManyAsync("b", 30, concurrency: 1));

        cluster.Restart(follower);
        await cluster.AwaitAppliedEverywhereAsync(expected);
        var status = await follower.StatusAsync();
        Assert.True(status.LastLogIndex >= 41, $"restarted follower's log ends at {status.LastLogIndex}");
    }

    [Fact]
    public async Task The_whole_cluster_restarted_keeps_every_acknowledged_entry()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var expected = new List<string>();
        expected.AddRange(await cluster.WriteManyAsync("durable", 15, concurrency: 1));
        foreach (var node in cluster.Nodes) await cluster.CrashAsync(node);
        foreach (var node in cluster.Nodes) cluster.Restart(node);

        await cluster.AwaitLeaderAsync();
        await cluster.ProposeCommittedAsync("after-restart");
        expected.Add("after-restart");
        await cluster.AwaitAppliedEverywhereAsync(expected);
    }

    [Fact]
    public async Task Without_a_quorum_a_proposal_fails_fast_instead_of_hanging()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var leader = await cluster.AwaitLeaderAsync();
        foreach (var node in cluster.Nodes.Where(n => n != leader)) await cluster.CrashAsync(node);

        // Check-quorum makes the lone leader step down; from then on, answers are immediate.
        await Eventually.True(async () => (await leader.StatusAsync()).Role != RaftRole.Leader,
            RaftTestCluster.Patience, "the isolated leader to step down");
        var started = DateTime.UtcNow;
        var result = await cluster.ProposeAsync(leader, "lost");
        Assert.True(result is ProposeResult.NoLeader, $"got {result}");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
    }
}
