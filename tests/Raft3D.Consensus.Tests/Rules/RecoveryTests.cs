using Raft3D.Consensus.Snapshots;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>The operator's recovery paths on the core: a new cluster from a backup, and -force-new-cluster.</summary>
public sealed class RecoveryTests
{
    private static readonly RaftOptions Options = new() { ElectionTicks = 10, HeartbeatTicks = 2 };
    private static readonly SnapshotData State = [1, 2, 3];

    private static RaftCore Empty(string id) => new(id, Options, new Random(1), 0, null, new RaftLog(), ClusterConfiguration.Empty);

    /// <summary>Carries a ready out as the actor would: everything it wrote is durable.</summary>
    private static Ready Persist(RaftCore core)
    {
        var ready = core.TakeReady();
        if (ready.StableTo is var (index, term)) core.OnStable(index, term);
        return ready;
    }

    [Fact]
    public void A_restored_cluster_continues_the_log_after_the_backups_index()
    {
        var a = Empty("a");
        Assert.True(a.BootstrapFromSnapshot(ManualCluster.Configuration("a"), 500, 7, State));
        var ready = Persist(a);

        // The backup is the snapshot, journaled, and handed to the state machine.
        var installed = Assert.Single(JournalEvents.Of(ready).OfType<SnapshotInstalled>());
        Assert.Equal((500L, 7L, State), (installed.Index, installed.Term, installed.Data));
        Assert.Equal(500, ready.Snapshot!.Index);
        // Its only voter leads at once, in a later term, and its no-op comes after the backup.
        Assert.Equal(RaftRole.Leader, a.Role);
        Assert.True(a.Term > 7);
        Assert.Equal(501, a.Log.LastIndex);
        Assert.Equal(500, a.Log.SnapshotIndex);
        Assert.Equal(501, a.CommitIndex);
    }

    [Fact]
    public void A_node_with_state_is_not_restored_over()
    {
        var a = Empty("a");
        a.Bootstrap(ManualCluster.Configuration("a"));
        Persist(a);
        Assert.False(a.BootstrapFromSnapshot(ManualCluster.Configuration("a"), 500, 7, State));
        Assert.Equal(0, a.Log.SnapshotIndex);
    }

    [Fact]
    public void Force_new_cluster_keeps_every_entry_and_commits_it_under_the_survivor_alone()
    {
        // c holds entries 1..4 of a 3-voter cluster, of which it knows only 2 committed.
        var configuration = ManualCluster.Configuration("a", "b", "c") with { ClusterId = "farm-1" };
        var log = new RaftLog();
        log.Append([new LogEntry(1, 1, EntryKind.Configuration, ConfigurationCodec.Encode(configuration)),
            Logs.Entry(2, 1), Logs.Entry(3, 2), Logs.Entry(4, 2)]);
        var c = new RaftCore("c", Options, new Random(1), 2, "a", log, ClusterConfiguration.Empty);
        var self = configuration.Find("c")! with { HttpAddress = "10.0.0.3:8080" };

        var previous = c.ForceNewCluster(self);
        var ready = Persist(c);

        Assert.Equal(configuration, previous);
        // Still the same cluster: its id stays, or the rejoining nodes' data would be refused.
        Assert.Equal(new ClusterConfiguration([self], []) { ClusterId = "farm-1" }, c.Configuration);
        Assert.Equal(RaftRole.Leader, c.Role);
        // The new configuration has a term of its own, after every entry the survivor held.
        var appended = JournalEvents.Of(ready).OfType<EntriesAppended>().SelectMany(e => e.Entries).ToList();
        Assert.Equal(5, appended[0].Index);
        Assert.Equal(EntryKind.Configuration, appended[0].Kind);
        Assert.Equal(3, appended[0].Term);
        Assert.Equal(4, c.Term);
        // The survivor's election commits everything: nothing it held is lost.
        Assert.Equal(6, c.CommitIndex);
        Assert.Equal([1L, 2, 3, 4, 5, 6], ready.CommittedEntries.Select(e => e.Index).Concat(c.TakeReady().CommittedEntries.Select(e => e.Index)).ToArray());
    }

    [Fact]
    public void Force_new_cluster_on_a_lone_voter_at_the_same_address_changes_nothing()
    {
        var a = Empty("a");
        a.Bootstrap(ManualCluster.Configuration("a"));
        Persist(a);
        var term = a.Term;
        Assert.Null(a.ForceNewCluster(ManualCluster.Configuration("a").Voters[0]));
        Assert.Equal(term, a.Term);
        Assert.Null(Empty("b").ForceNewCluster(ManualCluster.Configuration("b").Voters[0]));
    }
}
