using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Replication;

/// <summary>How a leader advances its commit index (§5.3, §5.4.2).</summary>
public static class CommitRules
{
    /// <summary>
    /// The new commit index given the voters' match indexes: the index a majority holds, but
    /// only if that entry is of the leader's current term. An entry of an earlier term is
    /// never committed by counting replicas (Figure 8 of the paper shows it could still be
    /// overwritten); it commits indirectly once an entry of the current term does.
    /// </summary>
    public static long Advance(long commitIndex, long currentTerm, IReadOnlyCollection<long> voterMatchIndexes, Func<long, long?> termAt)
    {
        var candidate = Quorum.CommittedIndex(voterMatchIndexes);
        if (candidate <= commitIndex) return commitIndex;
        return termAt(candidate) == currentTerm ? candidate : commitIndex;
    }
}
