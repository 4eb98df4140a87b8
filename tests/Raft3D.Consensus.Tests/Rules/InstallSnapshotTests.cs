using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>InstallSnapshot on a follower (§7).</summary>
public sealed class InstallSnapshotTests
{
    private static readonly RaftOptions Options = new() { ElectionTicks = 10, HeartbeatTicks = 2 };

    /// <summary>
    /// The simulation found a follower that had acknowledged entries past a snapshot, then got
    /// that snapshot (the leader had fallen back to it after a stall) and dropped its whole log.
    /// The leader's match index for it stayed above its last index: every probe was rejected
    /// and clamped back to the same index, forever; and a commit could have been counted on a
    /// replica it no longer held.
    /// </summary>
    [Fact]
    public void A_snapshot_the_log_already_holds_keeps_the_entries_after_it_and_commits_up_to_it()
    {
        var cluster = ManualCluster.WithLogs(Options, ["a", "b"], 2, [1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1]);
        var b = cluster["b"];
        Assert.Equal(10, b.Log.LastIndex);
        var configuration = ConfigurationCodec.Encode(ManualCluster.Configuration("a", "b"));

        cluster.Step("b", new InstallSnapshot(2, "a", 8, 1, configuration, 0, [1, 2, 3], true, 1));

        Assert.Equal(10, b.Log.LastIndex);
        Assert.Equal(8, b.CommitIndex);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), cluster.Applied["b"].Select(e => e.Index));
        Assert.DoesNotContain(cluster.Events["b"], e => e is Persistence.SnapshotInstalled);
        var answer = Assert.IsType<InstallSnapshotResponse>(Assert.Single(cluster.Take(e => e.Message is InstallSnapshotResponse)).Message);
        Assert.True(answer.Done);
    }

    [Fact]
    public void A_snapshot_that_conflicts_with_the_log_replaces_it()
    {
        var cluster = ManualCluster.WithLogs(Options, ["a", "b"], 3, [1, 1, 1], [1, 2, 2]);
        var b = cluster["b"];
        var configuration = ConfigurationCodec.Encode(ManualCluster.Configuration("a", "b"));

        cluster.Step("b", new InstallSnapshot(3, "a", 3, 1, configuration, 0, [9], true, 1));

        Assert.Equal(3, b.Log.SnapshotIndex);
        Assert.Equal(3, b.Log.LastIndex);
        Assert.Equal(3, b.CommitIndex);
        Assert.Contains(cluster.Events["b"], e => e is Persistence.SnapshotInstalled);
    }
}
