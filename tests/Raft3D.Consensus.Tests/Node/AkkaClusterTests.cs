using Akka.Actor;
using Akka.Cluster;
using Raft3D.Consensus.Node;
using Raft3D.Testing;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>Raft nodes that also form an Akka cluster (provider = cluster, downing off).</summary>
public sealed class AkkaClusterTests
{
    private static int UpMembers(RaftTestNode node) =>
        Cluster.Get(node.System!).State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up);

    private static async Task<bool> HealthyAsync(RaftTestNode observer, RaftTestNode subject) =>
        (await observer.StatusAsync()).Members.Single(m => m.Member.Id == subject.Id).Healthy;

    [Fact]
    public async Task Raft_members_form_an_Akka_cluster_whose_reachability_feeds_the_status_of_every_node()
    {
        await using var cluster = RaftTestCluster.Start(3, akkaCluster: true);
        var leader = await cluster.AwaitLeaderAsync();
        await Eventually.True(() => Task.FromResult(cluster.Nodes.All(n => UpMembers(n) == 3)),
            RaftTestCluster.Patience, "the three nodes to be Up in one Akka cluster");

        var followers = cluster.Nodes.Where(n => n != leader).ToList();
        var (observer, victim) = (followers[0], followers[1]);
        await cluster.CrashAsync(victim);
        // A follower never hears from another follower through Raft: this comes from Akka.Cluster.
        await Eventually.True(() => HealthyAsync(observer, victim).ContinueWith(t => !t.Result),
            RaftTestCluster.Patience, "the crashed follower to show as unhealthy on the other follower");

        // Restarted on the same address: Akka accepts the new incarnation, Raft catches it up.
        cluster.Restart(victim);
        await Eventually.True(() => HealthyAsync(observer, victim), RaftTestCluster.Patience, "the restarted follower to be healthy again");
        await cluster.ProposeCommittedAsync("after-restart");
        await Eventually.True(() => Task.FromResult(cluster.Nodes.All(n => UpMembers(n) == 3)),
            RaftTestCluster.Patience, "the restarted node to be Up in the Akka cluster");
    }

    [Fact]
    public async Task A_partition_downs_nobody_and_a_Raft_removal_downs_the_removed_member()
    {
        await using var cluster = RaftTestCluster.Start(3, akkaCluster: true);
        var leader = await cluster.AwaitLeaderAsync();
        await Eventually.True(() => Task.FromResult(cluster.Nodes.All(n => UpMembers(n) == 3)),
            RaftTestCluster.Patience, "one Akka cluster of three");
        var isolated = cluster.Nodes.First(n => n != leader);

        await cluster.IsolateAsync(isolated);
        await Eventually.True(() => HealthyAsync(leader, isolated).ContinueWith(t => !t.Result),
            RaftTestCluster.Patience, "the isolated node to be unreachable");
        await cluster.ProposeCommittedAsync("during-partition");
        // No split-brain resolver: the minority side keeps running.
        Assert.False(isolated.System!.WhenTerminated.IsCompleted);
        Assert.Equal(3, UpMembers(leader));

        await cluster.HealAsync();
        await cluster.AwaitAppliedEverywhereAsync(["during-partition"]);

        var removed = await leader.Raft!.Ask<MembershipResult>(new RemoveMember(isolated.Id), TimeSpan.FromSeconds(10));
        Assert.IsType<MembershipResult.Done>(removed);
        await Eventually.True(() => Task.FromResult(UpMembers(leader) == 2),
            RaftTestCluster.Patience, "the removed member to be downed in the Akka cluster");
        Assert.False(isolated.System!.WhenTerminated.IsCompleted);
    }
}
