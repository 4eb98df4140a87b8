using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Tests.Rules;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>What the status says of each member, built from the core alone.</summary>
public sealed class StatusBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    [Fact]
    public void The_leader_reports_every_members_match_index_and_health_from_recent_contact()
    {
        var cluster = ManualCluster.Bootstrapped(new RaftOptions(), "a", "b", "c");
        var leader = cluster.ElectLeader("a");
        var contact = new Dictionary<string, DateTimeOffset> { ["b"] = Now.AddSeconds(-1), ["c"] = Now.AddSeconds(-5) };

        var status = StatusBuilder.Build(leader, appliedIndex: 1, contact, _ => null, Window, Now);

        Assert.Equal(("a", RaftRole.Leader, "a", 1L), (status.NodeId, status.Role, status.LeaderId, status.AppliedIndex));
        Assert.Equal((leader.LastIndex, leader.CommitIndex), (status.LastLogIndex, status.CommitIndex));
        var members = status.Members.ToDictionary(m => m.Member.Id);
        Assert.Equal(leader.DurableIndex, members["a"].MatchIndex);
        Assert.Equal(leader.Progress["b"].MatchIndex, members["b"].MatchIndex);
        Assert.Equal([true, true, false], new[] { "a", "b", "c" }.Select(id => members[id].Healthy));
        Assert.Null(members["a"].LastContact);
        Assert.Equal("replicate", members["b"].Replication);
    }

    [Fact]
    public void A_follower_reports_only_its_own_match_index_and_trusts_the_failure_detector_first()
    {
        var cluster = ManualCluster.Bootstrapped(new RaftOptions(), "a", "b", "c");
        cluster.ElectLeader("a");
        var follower = cluster["b"];
        var contact = new Dictionary<string, DateTimeOffset> { ["a"] = Now };

        var status = StatusBuilder.Build(follower, 1, contact, member => member.Id != "a", Window, Now);

        var members = status.Members.ToDictionary(m => m.Member.Id);
        Assert.Equal(follower.DurableIndex, members["b"].MatchIndex);
        Assert.Null(members["a"].MatchIndex);
        Assert.Null(members["a"].Replication);
        Assert.False(members["a"].Healthy); // unreachable to Akka.Cluster, whatever Raft heard lately
        Assert.True(members["c"].Healthy);
        Assert.Equal(ManualCluster.Configuration("a").Voters[0], status.Leader);
    }
}
