using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>How a leader advances its commit index (Raft paper §5.3, §5.4.2 and Figure 8).</summary>
public sealed class CommitRulesTests
{
    [Theory]
    // Figure 8 (c): S1 leads term 4 with log terms 1, 2, 4. Entry 2 (term 2) is on a majority but
    // must not commit: S5 could still be elected with its term-3 entry and overwrite it (d).
    [InlineData(1, 4, new long[] { 1, 2, 4 }, new long[] { 3, 2, 2, 1, 1 }, 1)]
    // Figure 8 (e): once the term-4 entry is on a majority, it commits, and entry 2 with it.
    [InlineData(1, 4, new long[] { 1, 2, 4 }, new long[] { 3, 3, 3, 1, 1 }, 3)]
    // An entry of the current term on a majority commits.
    [InlineData(0, 2, new long[] { 1, 1, 2, 2 }, new long[] { 4, 4, 1 }, 4)]
    [InlineData(0, 2, new long[] { 1, 1, 2, 2 }, new long[] { 4, 3, 1 }, 3)]
    // A majority holds an older-term entry, only a minority the current term's: no commit.
    [InlineData(1, 3, new long[] { 1, 1, 2, 3 }, new long[] { 4, 3, 3 }, 1)]
    [InlineData(0, 5, new long[] { 1, 3, 3, 3 }, new long[] { 4, 4, 4 }, 0)]
    // Never backwards: a lower majority index (a lagging quorum after a restart) keeps the commit index.
    [InlineData(4, 2, new long[] { 1, 2, 2, 2 }, new long[] { 4, 2, 2 }, 4)]
    [InlineData(4, 2, new long[] { 1, 2, 2, 2 }, new long[] { 0, 0, 0 }, 4)]
    [InlineData(3, 2, new long[] { 1, 2, 2, 2 }, new long[] { 3, 3, 3 }, 3)]
    // Single voter.
    [InlineData(0, 2, new long[] { 1, 2 }, new long[] { 2 }, 2)]
    public void Advance_commits_only_current_term_entries_by_counting(long commitIndex, long currentTerm, long[] leaderLogTerms, long[] matchIndexes, long expected)
    {
        var log = Logs.OfTerms(leaderLogTerms);
        Assert.Equal(expected, CommitRules.Advance(commitIndex, currentTerm, matchIndexes, log.TermAt));
    }
}
