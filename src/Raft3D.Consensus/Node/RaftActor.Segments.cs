using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Node;

/// <summary>
/// Snapshots larger than one segment (raft3d.raft.snapshot-segment-bytes): their bytes are rows
/// of the snapshot store, saved before the record that names them and loaded back before the
/// node starts. Segment numbers only grow, so the rows of the latest durable record are never
/// below those of an older one, and everything below them can go.
/// </summary>
public sealed partial class RaftActor
{
    /// <summary>Tells the writers of this node's own snapshot from that of an installed one.</summary>
    private static readonly object OwnSnapshot = "own", InstalledSnapshot = "installed";

    private long _nextSegment = 1;
    private long _snapshotSegmentFloor;
    private IActorRef? _segmentStore;

    /// <summary>The ready that installs the leader's snapshot, written once its segments are saved.</summary>
    private Ready? _installing;

    private string SegmentPersistenceId => SnapshotSegmentIds.For(PersistenceId);

    /// <summary>
    /// The snapshot store of segment rows: its own SQLite file where the storage configures one
    /// (<see cref="SqliteStorage.SegmentStorePluginId"/>), so that saving megabytes of rows never
    /// holds the journal's write lock; else the default snapshot store.
    /// </summary>
    private IActorRef SegmentStore => _segmentStore ??= Context.System.Settings.Config.HasPath(SqliteStorage.SegmentStorePluginId)
        ? Akka.Persistence.Persistence.Instance.Apply(Context.System).SnapshotStoreFor(SqliteStorage.SegmentStorePluginId)
        : SnapshotStore;

    private bool NeedsSegments(SnapshotData data) => data.Length > _settings.SnapshotSegmentBytes;

    private SnapshotSegments AllocateSegments(SnapshotData data)
    {
        var segments = new SnapshotSegments(_nextSegment, SnapshotSegmentWriter.SegmentsFor(data.Length, _settings.SnapshotSegmentBytes), data.Length);
        _nextSegment = segments.Next;
        return segments;
    }

    private void SaveSegments(SnapshotSegments segments, SnapshotData data, object purpose) =>
        Context.ActorOf(SnapshotSegmentWriter.Props(SegmentStore, SegmentPersistenceId, segments, data, _settings.SnapshotSegmentBytes, purpose));

    /// <summary>Rows below floor belong to snapshots a durable later one replaced.</summary>
    private void DeleteSegmentsBelow(long floor)
    {
        if (floor > 1) SegmentStore.Tell(new DeleteSnapshots(SegmentPersistenceId, new SnapshotSelectionCriteria(floor - 1)), Self);
    }

    /// <summary>Recovery read a record whose bytes are segments: load them, holding every message meanwhile, then run.</summary>
    private void LoadSegmentsThenRun(RecoveredState recovered, SnapshotSegments pending)
    {
        _logger.Info("Loading the snapshot at index {0}: {1} bytes in {2} segments", recovered.SnapshotIndex, pending.Length, pending.Count);
        Context.ActorOf(SnapshotSegmentReader.Props(SegmentStore, SegmentPersistenceId, pending));
        Become(() =>
        {
            Command<SnapshotSegmentReader.Loaded>(loaded =>
            {
                recovered.SegmentsLoaded(loaded.Data);
                Run(recovered);
                Stash.UnstashAll();
            });
            Command<SnapshotSegmentReader.Failed>(failed => OnRecoveryFailure(failed.Cause));
            CommandAny(_ => Stash.Stash());
        });
    }

    /// <summary>
    /// The leader's snapshot is too large for its journal event: its segments are saved first,
    /// and until the event that names them is sent to the journal nothing else is, or recovery
    /// could replay later events before the snapshot they follow.
    /// </summary>
    private void SaveInstalledSnapshotSegments(Ready ready, SnapshotData data)
    {
        _installing = ready;
        SaveSegments(AllocateSegments(data), data, InstalledSnapshot);
    }

    private void BecomeSavingInstalledSnapshot() => Become(() =>
    {
        Command<SnapshotSegmentWriter.Saved>(saved =>
        {
            if (saved.Purpose != InstalledSnapshot)
            {
                Stash.Stash();
                return;
            }
            var ready = _installing!;
            _installing = null;
            Write(ready, saved.Segments);
            BecomeRole();
            Stash.UnstashAll();
        });
        Command<SnapshotSegmentWriter.Failed>(failed =>
        {
            if (failed.Purpose != InstalledSnapshot)
            {
                Stash.Stash();
                return;
            }
            _settings.JournalHealth.Failed("saving the leader's snapshot failed", failed.Cause);
            _logger.Error("Saving the leader's snapshot failed ({0}); this Raft actor stops and restarts from its journal",
                _settings.JournalHealth.Fault?.LastError);
            Context.Stop(Self);
        });
        // An election timeout must not run out while this node is busy saving its leader's snapshot.
        Command<Tick>(_ => { });
        CommandAny(_ => Stash.Stash());
    });
}
