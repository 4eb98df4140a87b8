using Raft3D.Consensus.Core;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>The leader's side of InstallSnapshot (§7): chunked transfers to a lagging follower.</summary>
public sealed class SnapshotTransferTests
{
    private static readonly RaftOptions Options = new() { ElectionTicks = 10, HeartbeatTicks = 2, SnapshotChunkBytes = 2 };

    [Fact]
    public void A_transfer_under_way_finishes_with_its_snapshot_when_the_leader_compacts_again()
    {
        var cluster = ManualCluster.Bootstrapped(Options, "a", "b", "c");
        var a = cluster.ElectLeader("a");
        var c = cluster["c"];
        cluster.Isolated.Add("c");
        a.Propose([[1], [2], [3]]);
        cluster.Flush("a");
        cluster.Run(10);
        var first = a.CommitIndex;
        a.Compact(first, [1, 2, 3, 4, 5, 6]);

        // c is back: its next entry is compacted, so it gets the snapshot, two bytes at a time.
        cluster.Isolated.Remove("c");
        cluster.InFlight.Clear();
        cluster.Tick("a", Options.HeartbeatTicks);
        DeliverOneByOne(cluster, () => a.Progress["c"].State == ProgressState.Snapshot && a.Progress["c"].SnapshotOffset > 0);
        Assert.Equal(ProgressState.Snapshot, a.Progress["c"].State);
        Assert.Equal(first, a.Progress["c"].SnapshotIndex);

        // A newer snapshot does not restart the transfer: c still receives the first one's bytes.
        // Meanwhile a commits more with b alone (c's chunk waits in flight) and compacts again.
        a.Propose([[4]]);
        cluster.Flush("a");
        DeliverOneByOne(cluster, () => a.CommitIndex > first, e => e.To != "c" && e.Message.From != "c");
        a.Compact(a.CommitIndex, [7, 7, 7, 7, 7, 7]);
        var chunks = new List<InstallSnapshot>();
        DeliverOneByOne(cluster, () =>
        {
            chunks.AddRange(cluster.InFlight.Select(e => e.Message).OfType<InstallSnapshot>());
            return c.Log.SnapshotIndex >= first;
        });
        Assert.Equal(first, c.Log.SnapshotIndex);
        Assert.All(chunks.Where(m => m.Offset > 0), m => Assert.Equal(first, m.LastIncludedIndex));

        // Then it catches up: the entries after the first snapshot are gone too, so the newer
        // snapshot follows, and replication resumes.
        cluster.Run(40, () => c.CommitIndex == a.CommitIndex);
        Assert.Equal(a.CommitIndex, c.CommitIndex);
        Assert.Equal(a.Log.SnapshotIndex, c.Log.SnapshotIndex);
    }

    /// <summary>Delivers in-flight messages one at a time (ticking when none is left) until done.</summary>
    private static void DeliverOneByOne(ManualCluster cluster, Func<bool> done, Func<Envelope, bool>? only = null)
    {
        for (var steps = 0; !done(); steps++)
        {
            Assert.True(steps < 1000, "never got there");
            var next = cluster.InFlight.FindIndex(e => only?.Invoke(e) ?? true);
            if (next < 0)
            {
                cluster.Tick("a");
                continue;
            }
            var envelope = cluster.InFlight[next];
            cluster.InFlight.RemoveAt(next);
            cluster.Deliver(envelope);
        }
    }
}
