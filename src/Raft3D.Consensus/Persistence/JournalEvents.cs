using Raft3D.Consensus.Core;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Persistence;

/// <summary>
/// The one place where the core's typed output becomes journal events, and journal events
/// become the core's recovered state again.
/// </summary>
public static class JournalEvents
{
    /// <summary>
    /// The events that persist a ready's write, in replay order: the hard state first (an entry
    /// must never be durable in a term its server does not know it is in: a server that forgot
    /// its term could vote twice in it, §5.2), then the snapshot that replaces the log, then the
    /// truncation and the entries written after it.
    /// </summary>
    /// <param name="segments">Where the installed snapshot's bytes were saved, when they are too large for the event.</param>
    public static List<object> Of(Ready ready, SnapshotSegments? segments = null)
    {
        var events = new List<object>(4);
        if (ready.HardState is { } hardState) events.Add(new HardStateChanged(hardState.Term, hardState.VotedFor));
        if (ready.Snapshot is { } snapshot) events.Add(new SnapshotInstalled(snapshot.Index, snapshot.Term, snapshot.Configuration, snapshot.Data, segments));
        if (ready.TruncatedFrom is { } from) events.Add(new LogTruncated(from));
        if (ready.Entries.Count > 0) events.Add(new EntriesAppended(ready.Entries.ToList()));
        return events;
    }

    /// <summary>Feeds one event read back from the journal (or the snapshot store) to the recovery.</summary>
    public static void Replay(RecoveredState recovered, object @event)
    {
        switch (@event)
        {
            case RaftSnapshot snapshot:
                recovered.Snapshot(snapshot.Index, snapshot.Term, snapshot.Configuration, snapshot.Data, snapshot.Segments);
                recovered.HardState(snapshot.CurrentTerm, snapshot.VotedFor);
                recovered.Appended(snapshot.Suffix);
                break;
            case HardStateChanged e:
                recovered.HardState(e.Term, e.VotedFor);
                break;
            case EntriesAppended e:
                recovered.Appended(e.Entries);
                break;
            case LogTruncated e:
                recovered.Truncated(e.FromIndex);
                break;
            case SnapshotInstalled e:
                recovered.Snapshot(e.Index, e.Term, e.Configuration, e.Data, e.Segments);
                break;
            default:
                throw new ArgumentException($"{@event.GetType()} is not a Raft journal event", nameof(@event));
        }
    }
}
