using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Log;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>The log's queries and its AppendEntries consistency check (Raft paper §5.3, §5.4.1).</summary>
public sealed class RaftLogTests
{
    // Log used by the index queries: snapshot up to 2 (term 1), then entries 3..5 of terms 2, 2, 3.
    private static RaftLog Compacted() => Logs.OfTerms([2, 2, 3], snapshotIndex: 2, snapshotTerm: 1);

    [Theory]
    [InlineData(0, null)] // below the snapshot: gone
    [InlineData(1, null)]
    [InlineData(2, 1L)] // the snapshot's own index still has a term: prev-log checks need it
    [InlineData(3, 2L)]
    [InlineData(4, 2L)]
    [InlineData(5, 3L)]
    [InlineData(6, null)] // beyond the end
    public void TermAt_answers_for_the_snapshot_index_and_held_entries_only(long index, long? expected) =>
        Assert.Equal(expected, Compacted().TermAt(index));

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void EntryAt_returns_held_entries_and_throws_outside(long index, bool held)
    {
        var log = Compacted();
        if (held) Assert.Equal(index, log.EntryAt(index).Index);
        else Assert.Throws<ArgumentOutOfRangeException>(() => log.EntryAt(index));
    }

    [Theory]
    // Each entry is 4 payload bytes + 24 = 28 bytes.
    [InlineData(1, 5, int.MaxValue, 1, 5)]
    [InlineData(2, 4, int.MaxValue, 2, 4)]
    [InlineData(3, 99, int.MaxValue, 3, 5)] // 'to' beyond the end is clamped
    [InlineData(1, 5, 56, 1, 2)] // exactly two entries fit
    [InlineData(1, 5, 83, 1, 2)] // the third would exceed the cap
    [InlineData(1, 5, 84, 1, 3)]
    [InlineData(1, 5, 28, 1, 1)]
    [InlineData(1, 5, 1, 1, 1)] // a cap below one entry still moves one entry, or replication would stall
    [InlineData(4, 5, 0, 4, 4)]
    public void Slice_respects_the_byte_cap_but_always_returns_at_least_one_entry(long from, long to, int maxBytes, long firstExpected, long lastExpected)
    {
        var slice = Logs.OfTerms(1, 1, 1, 2, 2).Slice(from, to, maxBytes);
        Assert.Equal(Enumerable.Range((int)firstExpected, (int)(lastExpected - firstExpected + 1)).Select(i => (long)i), slice.Select(e => e.Index));
    }

    [Fact]
    public void Slice_of_one_entry_larger_than_the_cap_returns_it()
    {
        var log = new RaftLog();
        log.Append([Logs.Entry(1, 1, payloadBytes: 1000), Logs.Entry(2, 1)]);
        Assert.Single(log.Slice(1, 2, maxBytes: 100));
    }

    [Fact]
    public void Slice_below_the_snapshot_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Compacted().Slice(2, 5));

    [Theory]
    [InlineData(new long[] { 1, 1 }, 3, true)]
    [InlineData(new long[] { 1, 1 }, 4, false)] // a gap
    [InlineData(new long[] { 1, 1 }, 2, false)] // overlapping: replacing needs an explicit truncation
    [InlineData(new long[] { }, 1, true)]
    [InlineData(new long[] { }, 0, false)]
    public void Append_accepts_only_the_next_index(long[] terms, long index, bool accepted)
    {
        var log = Logs.OfTerms(terms);
        var append = () => log.Append([Logs.Entry(index, 2)]);
        if (accepted)
        {
            append();
            Assert.Equal(index, log.LastIndex);
        }
        else
        {
            Assert.Throws<InvalidOperationException>(append);
            Assert.Equal(terms.Length, log.LastIndex);
        }
    }

    [Fact]
    public void Append_of_a_batch_with_a_gap_throws()
    {
        var log = Logs.OfTerms(1);
        Assert.Throws<InvalidOperationException>(() => log.Append([Logs.Entry(2, 1), Logs.Entry(4, 1)]));
    }

    [Theory]
    [InlineData(new long[] { 1, 1, 2, 2 }, 3, new long[] { 1, 1 })]
    [InlineData(new long[] { 1, 1, 2, 2 }, 1, new long[] { })]
    [InlineData(new long[] { 1, 1, 2, 2 }, 4, new long[] { 1, 1, 2 })]
    [InlineData(new long[] { 1, 1, 2, 2 }, 5, new long[] { 1, 1, 2, 2 })] // beyond the end: nothing to do
    public void TruncateFrom_removes_the_suffix_from_that_index(long[] terms, long from, long[] expected)
    {
        var log = Logs.OfTerms(terms);
        log.TruncateFrom(from);
        Assert.Equal(expected, Logs.Terms(log));
        Assert.Equal(expected.Length, log.LastIndex);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TruncateFrom_at_or_below_the_snapshot_throws(long from) =>
        // Snapshotted entries are committed; §5.3 only ever removes uncommitted conflicts.
        Assert.Throws<InvalidOperationException>(() => Compacted().TruncateFrom(from));

    [Theory]
    // log: entries 1..5 of terms 1,1,2,2,3
    [InlineData(2, 1, 2, 1, 3, new long[] { 2, 2, 3 })]
    [InlineData(5, 3, 5, 3, 6, new long[] { })]
    [InlineData(0, 0, 0, 0, 1, new long[] { 1, 1, 2, 2, 3 })] // not ahead of the snapshot: no-op
    [InlineData(7, 4, 7, 4, 8, new long[] { })] // a snapshot beyond the log empties it
    public void CompactTo_drops_the_prefix_and_remembers_the_snapshot(long index, long term, long snapshotIndex, long snapshotTerm, long firstIndex, long[] remaining)
    {
        var log = Logs.OfTerms(1, 1, 2, 2, 3);
        log.CompactTo(index, term);
        Assert.Equal((snapshotIndex, snapshotTerm, firstIndex), (log.SnapshotIndex, log.SnapshotTerm, log.FirstIndex));
        Assert.Equal(remaining, Logs.Terms(log));
        Assert.Equal(snapshotTerm, log.TermAt(snapshotIndex));
    }

    [Theory]
    // Our log ends at index 3, term 2 (§5.4.1: compare last terms first, then lengths).
    [InlineData(3, 2, true)] // identical
    [InlineData(4, 2, true)] // same term, longer
    [InlineData(2, 2, false)] // same term, shorter
    [InlineData(1, 3, true)] // higher last term wins even when much shorter
    [InlineData(9, 1, false)] // lower last term loses even when much longer
    [InlineData(0, 0, false)] // empty log
    public void IsUpToDate_follows_the_election_restriction(long lastIndex, long lastTerm, bool expected) =>
        Assert.Equal(expected, Logs.OfTerms(1, 1, 2).IsUpToDate(lastIndex, lastTerm));

    [Fact]
    public void IsUpToDate_on_an_empty_log_grants_anyone() =>
        Assert.True(new RaftLog().IsUpToDate(0, 0));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 5)]
    [InlineData(3, 0)] // a term with no entries here
    [InlineData(4, 7)]
    [InlineData(5, 0)]
    public void LastIndexOfTerm_finds_the_last_entry_of_the_term(long term, long expected) =>
        Assert.Equal(expected, Logs.OfTerms(1, 1, 2, 2, 2, 4, 4).LastIndexOfTerm(term));

    [Theory]
    [InlineData(1, 2)] // only the snapshot has it
    [InlineData(2, 4)]
    [InlineData(3, 5)]
    public void LastIndexOfTerm_sees_the_snapshot_term(long term, long expected) =>
        Assert.Equal(expected, Compacted().LastIndexOfTerm(term));

    [Theory]
    // prev beyond our end: reject, hint our last + 1 and no term.
    [InlineData(new long[] { 1, 1, 1 }, 5, 1, new long[] { }, "Reject(4, 0)")]
    [InlineData(new long[] { 1, 1, 1 }, 4, 1, new long[] { 1 }, "Reject(4, 0)")]
    [InlineData(new long[] { }, 1, 1, new long[] { }, "Reject(1, 0)")]
    // term mismatch at prev: reject with our term there and the first index we hold of it.
    [InlineData(new long[] { 1, 1, 2, 2, 2 }, 4, 3, new long[] { 3 }, "Reject(3, 2)")]
    [InlineData(new long[] { 1, 1, 2, 2, 2 }, 5, 4, new long[] { }, "Reject(3, 2)")]
    [InlineData(new long[] { 1, 1, 2, 2, 2 }, 2, 2, new long[] { }, "Reject(1, 1)")]
    // prev 0 always matches.
    [InlineData(new long[] { }, 0, 0, new long[] { 1, 1 }, "Accept(truncate 0, append 1..2, match 2)")]
    [InlineData(new long[] { 1, 1 }, 0, 0, new long[] { 1, 1 }, "Accept(truncate 0, append none, match 2)")]
    // plain append at the end.
    [InlineData(new long[] { 1, 1 }, 2, 1, new long[] { 2, 2 }, "Accept(truncate 0, append 3..4, match 4)")]
    // a duplicate (retransmitted or reordered) request: nothing to append, match = prev + count,
    // not our last index, since our suffix beyond may be stale and must not be acknowledged.
    [InlineData(new long[] { 1, 1, 1, 2, 2 }, 1, 1, new long[] { 1 }, "Accept(truncate 0, append none, match 2)")]
    [InlineData(new long[] { 1, 1, 2 }, 1, 1, new long[] { }, "Accept(truncate 0, append none, match 1)")]
    [InlineData(new long[] { 1, 1, 2 }, 3, 2, new long[] { }, "Accept(truncate 0, append none, match 3)")]
    // overlap then new entries: only the new ones are appended.
    [InlineData(new long[] { 1, 1, 2 }, 1, 1, new long[] { 1, 2, 2, 2 }, "Accept(truncate 0, append 4..5, match 5)")]
    // a conflict in the middle: truncate at the first conflicting index and append from there.
    [InlineData(new long[] { 1, 1, 2, 2, 2 }, 2, 1, new long[] { 3, 3 }, "Accept(truncate 3, append 3..4, match 4)")]
    [InlineData(new long[] { 1, 1, 2, 2 }, 1, 1, new long[] { 1, 2, 3 }, "Accept(truncate 4, append 4..4, match 4)")]
    [InlineData(new long[] { 1, 1, 2, 2, 2, 2 }, 1, 1, new long[] { 1, 3 }, "Accept(truncate 3, append 3..3, match 3)")]
    public void Decide_applies_the_consistency_check(long[] ours, long prevIndex, long prevTerm, long[] entryTerms, string expected)
    {
        var log = Logs.OfTerms(ours);
        var decision = log.Decide(prevIndex, prevTerm, Logs.Entries(prevIndex + 1, entryTerms));
        Assert.Equal(expected, Describe(decision));
        Assert.Equal(ours, Logs.Terms(log)); // deciding changes nothing
    }

    [Theory]
    // Snapshot up to 3 (term 1), then entries 4..6 of terms 2, 2, 2.
    // Entries at or below the snapshot are committed and match by definition: they are skipped.
    [InlineData(1, 1, new long[] { 1, 1, 2, 2, 2, 3 }, "Accept(truncate 0, append 7..7, match 7)")]
    [InlineData(0, 0, new long[] { 1, 1, 1, 2 }, "Accept(truncate 0, append none, match 4)")]
    [InlineData(2, 1, new long[] { 1 }, "Accept(truncate 0, append none, match 3)")]
    [InlineData(3, 1, new long[] { 2 }, "Accept(truncate 0, append none, match 4)")]
    [InlineData(3, 1, new long[] { 3 }, "Accept(truncate 4, append 4..4, match 4)")]
    // the conflicting term starts right after the snapshot: the hint stops there.
    [InlineData(6, 3, new long[] { }, "Reject(4, 2)")]
    [InlineData(9, 3, new long[] { }, "Reject(7, 0)")]
    public void Decide_skips_entries_covered_by_the_snapshot(long prevIndex, long prevTerm, long[] entryTerms, string expected)
    {
        var log = Logs.OfTerms([2, 2, 2], snapshotIndex: 3, snapshotTerm: 1);
        Assert.Equal(expected, Describe(log.Decide(prevIndex, prevTerm, Logs.Entries(prevIndex + 1, entryTerms))));
    }

    [Fact]
    public void Decide_hands_back_the_leaders_entries_to_append()
    {
        var sent = Logs.Entries(2, 1, 3, 3);
        var accept = Assert.IsType<AppendDecision.Accept>(Logs.OfTerms(1, 1, 2).Decide(1, 1, sent));
        Assert.Equal(sent[1..], accept.ToAppend);
    }

    private static string Describe(AppendDecision decision) => decision switch
    {
        AppendDecision.Reject r => $"Reject({r.ConflictIndex}, {r.ConflictTerm})",
        AppendDecision.Accept a => $"Accept(truncate {a.TruncateFrom}, append {(a.ToAppend.Count == 0 ? "none" : $"{a.ToAppend[0].Index}..{a.ToAppend[^1].Index}")}, match {a.MatchIndex})",
        _ => throw new InvalidOperationException(decision.ToString()),
    };

    [Fact]
    public void Bytes_follow_appends_truncations_compactions_and_resets()
    {
        var log = Logs.OfTerms([1, 1, 2, 2, 3]); // five entries of 28 bytes
        Assert.Equal(140, log.Bytes);
        Assert.Equal(84, log.BytesUpTo(3));
        Assert.Equal(140, log.BytesUpTo(99));
        Assert.Equal(0, log.BytesUpTo(0));

        log.TruncateFrom(5);
        Assert.Equal(112, log.Bytes);
        log.CompactTo(2, 1);
        Assert.Equal(56, log.Bytes);
        Assert.Equal(28, log.BytesUpTo(3));
        Assert.Equal(0, log.BytesUpTo(2));
        log.ResetTo(10, 4);
        Assert.Equal(0, log.Bytes);
    }
}
