namespace Raft3D.Consensus.Log;

/// <summary>
/// The in-memory image of a node's log: entries after the last snapshot, indexed by Raft
/// index (never by journal sequence number). The durable copy lives in the journal; this
/// class only holds and queries it, and decides how an AppendEntries request fits.
/// </summary>
public sealed class RaftLog
{
    private readonly List<LogEntry> _entries = [];

    /// <summary>Index of the last entry covered by the snapshot (0: none).</summary>
    public long SnapshotIndex { get; private set; }

    public long SnapshotTerm { get; private set; }

    public long FirstIndex => SnapshotIndex + 1;

    public long LastIndex => SnapshotIndex + _entries.Count;

    public long LastTerm => _entries.Count == 0 ? SnapshotTerm : _entries[^1].Term;

    public int Count => _entries.Count;

    /// <summary>Bytes of the entries held (their <see cref="LogEntry.Size"/>), what compaction frees.</summary>
    public long Bytes { get; private set; }

    /// <summary>Bytes of the entries held up to and including index.</summary>
    public long BytesUpTo(long index)
    {
        var bytes = Bytes;
        for (var i = LastIndex; i > Math.Max(index, SnapshotIndex); i--) bytes -= _entries[(int)(i - FirstIndex)].Size;
        return bytes;
    }

    /// <summary>The term of the entry at index, or null when it is compacted away or absent.</summary>
    public long? TermAt(long index)
    {
        if (index == SnapshotIndex) return SnapshotTerm;
        if (index < SnapshotIndex || index > LastIndex) return null;
        return _entries[(int)(index - FirstIndex)].Term;
    }

    public LogEntry EntryAt(long index)
    {
        if (index < FirstIndex || index > LastIndex)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"log holds {FirstIndex}..{LastIndex}");
        return _entries[(int)(index - FirstIndex)];
    }

    /// <summary>
    /// Entries from <paramref name="from"/> to <paramref name="to"/> inclusive, stopping once
    /// <paramref name="maxBytes"/> is reached (always at least one entry, so a big entry still moves).
    /// </summary>
    public IReadOnlyList<LogEntry> Slice(long from, long to, int maxBytes = int.MaxValue)
    {
        if (from < FirstIndex) throw new ArgumentOutOfRangeException(nameof(from), from, $"compacted below {FirstIndex}");
        to = Math.Min(to, LastIndex);
        var result = new List<LogEntry>();
        var bytes = 0;
        for (var i = from; i <= to; i++)
        {
            var entry = _entries[(int)(i - FirstIndex)];
            bytes += entry.Size;
            if (result.Count > 0 && bytes > maxBytes) break;
            result.Add(entry);
        }
        return result;
    }

    public void Append(IReadOnlyList<LogEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Index != LastIndex + 1)
                throw new InvalidOperationException($"entry {entry.Index} does not follow last index {LastIndex}");
            _entries.Add(entry);
            Bytes += entry.Size;
        }
    }

    /// <summary>Removes the entries from index on (a conflicting suffix, §5.3).</summary>
    public void TruncateFrom(long index)
    {
        if (index <= SnapshotIndex)
            throw new InvalidOperationException($"cannot truncate at {index}: entries up to {SnapshotIndex} are snapshotted and committed");
        if (index > LastIndex) return;
        for (var i = index; i <= LastIndex; i++) Bytes -= _entries[(int)(i - FirstIndex)].Size;
        _entries.RemoveRange((int)(index - FirstIndex), (int)(LastIndex - index + 1));
    }

    /// <summary>Drops entries up to and including index, which a snapshot now covers.</summary>
    public void CompactTo(long index, long term)
    {
        if (index <= SnapshotIndex) return;
        var drop = (int)Math.Min(index - SnapshotIndex, _entries.Count);
        for (var i = 0; i < drop; i++) Bytes -= _entries[i].Size;
        _entries.RemoveRange(0, drop);
        SnapshotIndex = index;
        SnapshotTerm = term;
    }

    /// <summary>Discards the whole log in favour of a snapshot that is ahead of it.</summary>
    public void ResetTo(long snapshotIndex, long snapshotTerm)
    {
        _entries.Clear();
        Bytes = 0;
        SnapshotIndex = snapshotIndex;
        SnapshotTerm = snapshotTerm;
    }

    /// <summary>
    /// §5.4.1: a candidate's log is at least as up to date as ours when its last term is
    /// higher, or equal with a last index at least as high.
    /// </summary>
    public bool IsUpToDate(long lastIndex, long lastTerm) =>
        lastTerm > LastTerm || (lastTerm == LastTerm && lastIndex >= LastIndex);

    /// <summary>The last index holding an entry of term, or 0; used by the leader to back off.</summary>
    public long LastIndexOfTerm(long term)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Term == term) return _entries[i].Index;
            if (_entries[i].Term < term) break;
        }
        return SnapshotTerm == term ? SnapshotIndex : 0;
    }

    /// <summary>
    /// Decides how an AppendEntries request fits this log (§5.3), without changing it.
    /// Entries at or below the snapshot index are committed, so they match by definition.
    /// </summary>
    public AppendDecision Decide(long prevLogIndex, long prevLogTerm, IReadOnlyList<LogEntry> entries)
    {
        if (prevLogIndex > LastIndex)
            return new AppendDecision.Reject(LastIndex + 1, 0);

        if (prevLogIndex >= SnapshotIndex && TermAt(prevLogIndex) != prevLogTerm)
        {
            var conflictTerm = TermAt(prevLogIndex)!.Value;
            var first = prevLogIndex;
            while (first - 1 > SnapshotIndex && TermAt(first - 1) == conflictTerm) first--;
            return new AppendDecision.Reject(first, conflictTerm);
        }

        var matchIndex = prevLogIndex + entries.Count;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Index <= SnapshotIndex) continue;
            if (entry.Index > LastIndex)
                return new AppendDecision.Accept(0, Tail(entries, i), matchIndex);
            if (TermAt(entry.Index) != entry.Term)
                return new AppendDecision.Accept(entry.Index, Tail(entries, i), matchIndex);
        }
        return new AppendDecision.Accept(0, [], matchIndex);
    }

    private static IReadOnlyList<LogEntry> Tail(IReadOnlyList<LogEntry> entries, int from)
    {
        var tail = new LogEntry[entries.Count - from];
        for (var i = from; i < entries.Count; i++) tail[i - from] = entries[i];
        return tail;
    }
}
