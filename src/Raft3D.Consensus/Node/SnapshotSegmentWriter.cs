using Akka.Actor;
using Akka.Persistence;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Node;

/// <summary>
/// Saves a large snapshot's bytes as rows of the snapshot store, one segment at a time: each is
/// its own SQLite transaction, so the journal's writes go on between them, and no row comes near
/// SQLite's 1 GB limit. Tells its parent <see cref="Saved"/> once every row is durable (the
/// parent then writes the record that names them), or <see cref="Failed"/>, and stops.
/// </summary>
internal sealed class SnapshotSegmentWriter : ReceiveActor
{
    /// <summary>Every segment is saved; Purpose is what the parent gave, to tell its writers apart.</summary>
    public sealed record Saved(object Purpose, SnapshotSegments Segments);

    public sealed record Failed(object Purpose, Exception Cause);

    private readonly IActorRef _store;
    private readonly string _persistenceId;
    private readonly SnapshotData _data;
    private readonly int _segmentBytes;
    private readonly SnapshotSegments _segments;
    private readonly object _purpose;
    private int _saved;

    public SnapshotSegmentWriter(IActorRef store, string persistenceId, SnapshotSegments segments, SnapshotData data, int segmentBytes, object purpose)
    {
        (_store, _persistenceId, _segments, _data, _segmentBytes, _purpose) = (store, persistenceId, segments, data, segmentBytes, purpose);
        Receive<SaveSnapshotSuccess>(success =>
        {
            if (success.Metadata.SequenceNr != _segments.First + _saved) return;
            _saved++;
            if (_saved < _segments.Count) SaveNext();
            else Finish(new Saved(_purpose, _segments));
        });
        Receive<SaveSnapshotFailure>(failure => Finish(new Failed(_purpose, failure.Cause)));
    }

    /// <summary>How many segments of segmentBytes hold length bytes.</summary>
    public static int SegmentsFor(long length, int segmentBytes) => (int)((length + segmentBytes - 1) / segmentBytes);

    public static Props Props(IActorRef store, string persistenceId, SnapshotSegments segments, SnapshotData data, int segmentBytes, object purpose) =>
        Akka.Actor.Props.Create(() => new SnapshotSegmentWriter(store, persistenceId, segments, data, segmentBytes, purpose));

    protected override void PreStart() => SaveNext();

    private void SaveNext()
    {
        var bytes = _data.Read((long)_saved * _segmentBytes, _segmentBytes);
        _store.Tell(new SaveSnapshot(new SnapshotMetadata(_persistenceId, _segments.First + _saved, DateTime.UtcNow), new SnapshotSegment(bytes)));
    }

    private void Finish(object outcome)
    {
        Context.Parent.Tell(outcome);
        Context.Stop(Self);
    }
}
