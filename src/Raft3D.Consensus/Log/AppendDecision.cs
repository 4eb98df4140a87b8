namespace Raft3D.Consensus.Log;

/// <summary>What a follower does with an AppendEntries request, decided without side effects.</summary>
public abstract record AppendDecision
{
    private AppendDecision() { }

    /// <summary>
    /// The log has no entry at PrevLogIndex with PrevLogTerm (§5.3). The hint lets the leader
    /// skip a whole conflicting term per round trip instead of one entry (§5.3, "fast back-off"):
    /// ConflictTerm is the term we hold at PrevLogIndex (0 when our log is too short) and
    /// ConflictIndex the first index we hold of that term (or our last index + 1).
    /// </summary>
    public sealed record Reject(long ConflictIndex, long ConflictTerm) : AppendDecision;

    /// <summary>
    /// The consistency check passed. Entries from TruncateFrom on conflict with the leader and
    /// must go (0 when nothing conflicts); ToAppend are the entries we do not hold yet.
    /// MatchIndex is the last index known to match the leader: PrevLogIndex + entries sent,
    /// never our own last index, which may hold a stale suffix beyond it.
    /// </summary>
    public sealed record Accept(long TruncateFrom, IReadOnlyList<LogEntry> ToAppend, long MatchIndex) : AppendDecision;
}
