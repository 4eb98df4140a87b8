using Raft3D.Consensus.Log;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Core;

/// <summary>
/// What the core asks its host to do after a step, in this order (etcd's Ready): persist the
/// hard state, the snapshot, the truncation and the entries (<see cref="HasWrite"/>); send
/// Messages at once (they need nothing of this step to be durable: the leader's own
/// AppendEntries go out while it writes, thesis §10.2.1); once the write is durable, send
/// MessagesAfterPersist (votes and acknowledgements promise durability, §5.2, §5.3), restore
/// the snapshot, report the stable index back to the core, apply CommittedEntries in order and
/// serve ReadStates. CommittedEntries need not wait for this server's writes
/// (<see cref="MayApplyCommittedAhead"/>).
/// <para>
/// The write is what the step changed, merged: the latest hard state, and the log's changed
/// suffix as one truncation point and the entries now after it, so that the host writes it in
/// one go whatever the order of the changes inside the step.
/// </para>
/// </summary>
public sealed class Ready
{
    private readonly List<LogEntry> _entries = [];

    /// <summary>Term and vote to persist, when they changed; a vote is durable before it is sent (§5.2).</summary>
    public HardState? HardState { get; private set; }

    /// <summary>
    /// A snapshot that replaces the whole log (the leader's, §7, or a backup a new cluster starts
    /// from): persisted before the entries below, restored into the state machine before anything newer is applied.
    /// </summary>
    public SnapshotImage? Snapshot { get; private set; }

    /// <summary>The log's suffix from this index was removed: it conflicted with the leader's (§5.3).</summary>
    public long? TruncatedFrom { get; private set; }

    /// <summary>Entries to append, contiguous, after the truncation or the snapshot if any.</summary>
    public IReadOnlyList<LogEntry> Entries => _entries;

    public List<Envelope> Messages { get; } = [];

    public List<Envelope> MessagesAfterPersist { get; } = [];

    public List<LogEntry> CommittedEntries { get; } = [];

    public List<ReadState> ReadStates { get; } = [];

    /// <summary>Reads that cannot be served here now (no leader, leadership lost); the client may retry.</summary>
    public List<long> FailedReads { get; } = [];

    /// <summary>
    /// The leader needs a newer snapshot than it has (to bring up a server that rejoined under an
    /// id that was once a voter): the host should compact at its applied index when it can.
    /// </summary>
    public bool SnapshotRequested { get; set; }

    /// <summary>Index and term of the last entry this write makes durable, to report back once it is.</summary>
    public (long Index, long Term)? StableTo { get; set; }

    /// <summary>Whether there is anything to persist before MessagesAfterPersist may go.</summary>
    public bool HasWrite => HardState is not null || Snapshot is not null || TruncatedFrom is not null || _entries.Count > 0;

    /// <summary>
    /// Whether CommittedEntries may be applied now, ahead of this server's journal writes still in
    /// flight (earlierHoldingBack: how many readies waiting behind them hold back later applies).
    /// Committed entries are durable on a majority, so a leader need not wait for its own copy
    /// (thesis §10.2.1); only a leader's snapshot still to be restored before them, or earlier
    /// entries held back for one, must go first.
    /// </summary>
    public bool MayApplyCommittedAhead(int earlierHoldingBack) =>
        CommittedEntries.Count > 0 && Snapshot is null && earlierHoldingBack == 0;

    /// <summary>While this ready waits for a write, later committed entries may not be applied ahead of it.</summary>
    public bool HoldsBackLaterApplies => Snapshot is not null || CommittedEntries.Count > 0;

    public bool IsEmpty =>
        !HasWrite && Messages.Count == 0 && MessagesAfterPersist.Count == 0 &&
        CommittedEntries.Count == 0 && ReadStates.Count == 0 && FailedReads.Count == 0 && StableTo is null && !SnapshotRequested;

    /// <summary>The term or vote changed: only the latest needs persisting.</summary>
    public void SetHardState(long term, string? votedFor) => HardState = new HardState(term, votedFor);

    /// <summary>
    /// Entries were appended to the log. Entries this ready already holds from their first index
    /// on are replaced (they were rewritten within the step, as the log was).
    /// </summary>
    public void Append(IReadOnlyList<LogEntry> entries)
    {
        if (entries.Count == 0) return;
        var first = entries[0].Index;
        if (_entries.Count > 0)
        {
            if (first > _entries[^1].Index + 1)
                throw new InvalidOperationException($"entries from {first} appended after {_entries[^1].Index}: the log has no gaps");
            CutEntriesFrom(first);
        }
        _entries.AddRange(entries);
    }

    /// <summary>The log's suffix from fromIndex was removed.</summary>
    public void Truncate(long fromIndex)
    {
        CutEntriesFrom(fromIndex);
        TruncatedFrom = TruncatedFrom is { } earlier ? Math.Min(earlier, fromIndex) : fromIndex;
    }

    /// <summary>A snapshot replaced the whole log: what this ready wrote to the log before it is void.</summary>
    public void InstallSnapshot(SnapshotImage snapshot)
    {
        Snapshot = snapshot;
        TruncatedFrom = null;
        _entries.Clear();
    }

    private void CutEntriesFrom(long index)
    {
        var keep = _entries.FindIndex(e => e.Index >= index);
        if (keep >= 0) _entries.RemoveRange(keep, _entries.Count - keep);
    }
}
