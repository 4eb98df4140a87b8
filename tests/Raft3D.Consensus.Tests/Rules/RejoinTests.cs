using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>
/// A server that lost its state and rejoins under its old id (raft3d -clean -join) must not
/// replay the configurations of its earlier life. The simulation found two such servers, each
/// catching up through the old log, reach a configuration in which both were the only voters,
/// elect one of them on a stale log, and overwrite committed entries. Thesis §3.8: a server that
/// lost its state cannot safely rejoin with its prior identity; the leader therefore starts it
/// from a snapshot taken after its earlier life ended.
/// </summary>
public sealed class RejoinTests
{
    private static readonly RaftOptions Options = new() { ElectionTicks = 10, HeartbeatTicks = 2 };

    [Fact]
    public void A_server_rejoining_under_a_former_voters_id_starts_from_a_snapshot_taken_after_its_removal()
    {
        var cluster = ManualCluster.Bootstrapped(Options, "a", "b", "c");
        var a = cluster.ElectLeader("a");
        var (removal, _) = a.ProposeConfiguration(MembershipRules.Remove(a.Configuration, "c")!);
        cluster.Flush("a");
        cluster.DeliverAll();
        Assert.True(a.CommitIndex >= removal);

        // c's store is wiped; it starts empty and is added back as a learner.
        var c = cluster.StartEmpty("c");
        var (addition, rejection) = a.ProposeConfiguration(MembershipRules.AddLearner(a.Configuration, ManualCluster.Configuration("c").Voters[0])!);
        Assert.Null(rejection);
        cluster.Flush("a");
        cluster.Run(5);

        // The log before the removal holds configurations in which c was a voter: a sends none of
        // it, and asks its host for a snapshot instead.
        Assert.Equal(0, c.Log.LastIndex);
        Assert.DoesNotContain(cluster.Events["c"], e => e is Persistence.EntriesAppended);
        Assert.True(cluster.SnapshotRequests.GetValueOrDefault("a") > 0);

        a.Compact(a.CommitIndex, [1, 2, 3]);
        cluster.Run(20, () => c.Log.SnapshotIndex > 0 && c.CommitIndex >= addition);
        Assert.True(c.Log.SnapshotIndex >= removal);
        Assert.True(c.CommitIndex >= addition);
        Assert.True(c.ConfigurationAt(c.Log.SnapshotIndex).IsLearner("c"));
        Assert.Contains(cluster.Events["c"], e => e is Persistence.SnapshotInstalled);
    }

    [Fact]
    public void A_new_servers_id_with_no_past_catches_up_from_the_log()
    {
        var cluster = ManualCluster.Bootstrapped(Options, "a", "b", "c");
        var a = cluster.ElectLeader("a");
        var d = cluster.StartEmpty("d");
        var (addition, rejection) = a.ProposeConfiguration(MembershipRules.AddLearner(a.Configuration, ManualCluster.Configuration("d").Voters[0])!);
        Assert.Null(rejection);
        cluster.Flush("a");
        cluster.Run(20, () => d.CommitIndex >= addition);

        Assert.True(d.CommitIndex >= addition);
        Assert.Equal(0, d.Log.SnapshotIndex);
        Assert.Equal(0, cluster.SnapshotRequests.GetValueOrDefault("a"));
    }
}
