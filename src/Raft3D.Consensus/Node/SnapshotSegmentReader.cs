using Akka.Actor;
using Akka.Persistence;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Node;

/// <summary>
/// Reads a large snapshot's segments back from the snapshot store, one row at a time, while
/// the Raft actor recovers. Tells its parent <see cref="Loaded"/> or <see cref="Failed"/> (a
/// missing or foreign row included: the record that names them is only written after all of
/// them, so a gap means a damaged database), and stops.
/// </summary>
internal sealed class SnapshotSegmentReader : ReceiveActor
{
    public sealed record Loaded(SnapshotData Data);

    public sealed record Failed(Exception Cause);

    private readonly IActorRef _store;
    private readonly string _persistenceId;
    private readonly SnapshotSegments _segments;
    private readonly List<byte[]> _loaded = [];

    public SnapshotSegmentReader(IActorRef store, string persistenceId, SnapshotSegments segments)
    {
        (_store, _persistenceId, _segments) = (store, persistenceId, segments);
        Receive<LoadSnapshotResult>(result =>
        {
            var expected = _segments.First + _loaded.Count;
            if (result.Snapshot is not { Snapshot: SnapshotSegment segment } selected || selected.Metadata.SequenceNr != expected)
            {
                Finish(new Failed(new InvalidDataException(
                    $"segment {expected} of the snapshot ({_segments.Count} segments from {_segments.First}, {_segments.Length} bytes) is missing from the snapshot store")));
                return;
            }
            _loaded.Add(segment.Data);
            if (_loaded.Count < _segments.Count) LoadNext();
            else Finish(new Loaded(new SnapshotData(_loaded)));
        });
        Receive<LoadSnapshotFailed>(failed => Finish(new Failed(failed.Cause)));
    }

    public static Props Props(IActorRef store, string persistenceId, SnapshotSegments segments) =>
        Akka.Actor.Props.Create(() => new SnapshotSegmentReader(store, persistenceId, segments));

    protected override void PreStart() => LoadNext();

    private void LoadNext()
    {
        var sequenceNr = _segments.First + _loaded.Count;
        _store.Tell(new LoadSnapshot(_persistenceId, new SnapshotSelectionCriteria(sequenceNr, DateTime.MaxValue), sequenceNr));
    }

    private void Finish(object outcome)
    {
        Context.Parent.Tell(outcome);
        Context.Stop(Self);
    }
}
