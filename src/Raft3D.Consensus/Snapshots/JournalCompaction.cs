namespace Raft3D.Consensus.Snapshots;

/// <summary>
/// How a node deletes the journal events a snapshot covers: a bounded prefix at a time. One
/// delete of a whole snapshot's worth of events (a hundred thousand rows at one entry per
/// event) holds SQLite's write lock for hundreds of milliseconds, and every node compacts at
/// about the same index, so the whole cluster stopped committing meanwhile.
/// </summary>
public static class JournalCompaction
{
    /// <summary>The end of the next prefix to delete, or null when everything up to target is deleted.</summary>
    public static long? NextDeleteTo(long deletedTo, long target, long chunk) =>
        deletedTo >= target ? null : Math.Min(target, deletedTo + Math.Max(1, chunk));
}
