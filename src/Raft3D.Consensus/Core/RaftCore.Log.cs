using Raft3D.Consensus.Log;

namespace Raft3D.Consensus.Core;

/// <summary>What a host may read of the log the core owns: its bounds, terms and sizes, never a way to change it.</summary>
public sealed partial class RaftCore
{
    /// <summary>The first index still in the log (the one after the snapshot).</summary>
    public long FirstIndex => Log.FirstIndex;

    public long LastIndex => Log.LastIndex;

    /// <summary>The last index the snapshot the log starts after covers (0 without one).</summary>
    public long SnapshotIndex => Log.SnapshotIndex;

    public long SnapshotTerm => Log.SnapshotTerm;

    /// <summary>Entries held in memory after the snapshot.</summary>
    public int LogCount => Log.Count;

    /// <summary>Bytes of the entries held after the snapshot.</summary>
    public long LogBytes => Log.Bytes;

    /// <summary>Bytes of the entries from the snapshot up to index (what compacting there would free).</summary>
    public long LogBytesUpTo(long index) => Log.BytesUpTo(index);

    /// <summary>The term of the entry at index (the snapshot's at its index), or null when the log does not hold it.</summary>
    public long? TermAt(long index) => Log.TermAt(index);

    /// <summary>The entries after the snapshot, as a saved snapshot carries them.</summary>
    public IReadOnlyList<LogEntry> LogSuffix() => Log.Count == 0 ? [] : Log.Slice(Log.FirstIndex, Log.LastIndex);
}
