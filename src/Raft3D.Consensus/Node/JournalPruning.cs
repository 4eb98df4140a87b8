namespace Raft3D.Consensus.Node;

/// <summary>
/// Deletes the journal events a durable snapshot covers a batch at a time, one delete in flight
/// and a pause after each, instead of in one statement. A delete holds SQLite's write lock for
/// as long as it runs, and the journal's own writes poll for that lock with growing sleeps:
/// 100 000 events deleted at once kept them waiting for 270-380 ms (docs/benchmarks.md), on
/// every node at about the same time. Each delete removes every event at or below its bound,
/// so events left behind by a crash part-way are taken by the next one.
/// </summary>
internal sealed class JournalPruning(long batch)
{
    private long _deletedTo;
    private long _target;
    private bool _inFlight;

    /// <summary>Whether a delete was asked for and its answer has not come.</summary>
    public bool InFlight => _inFlight;

    /// <summary>Recovery found a snapshot at this sequence number: the events below it were deleted, or are taken by the first delete.</summary>
    public void Recovered(long snapshotSequenceNr) => _deletedTo = Math.Max(_deletedTo, snapshotSequenceNr);

    /// <summary>A snapshot at this sequence number is durable: events up to it may go. The bound to delete to now, or null.</summary>
    public long? Covered(long snapshotSequenceNr)
    {
        _target = Math.Max(_target, snapshotSequenceNr);
        return _inFlight ? null : Next();
    }

    /// <summary>The delete in flight succeeded. The next bound, to be deleted after a pause, or null when done.</summary>
    public long? Deleted(long toSequenceNr)
    {
        _inFlight = false;
        _deletedTo = Math.Max(_deletedTo, toSequenceNr);
        return Next();
    }

    /// <summary>The delete in flight failed: the next covered snapshot tries again from the same place.</summary>
    public void Failed() => _inFlight = false;

    private long? Next()
    {
        if (_deletedTo >= _target) return null;
        _inFlight = true;
        return Math.Min(_target, _deletedTo + batch);
    }
}
