using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>Compacted journal events are deleted a bounded prefix at a time, up to the snapshot.</summary>
public sealed class JournalCompactionTests
{
    [Theory]
    [InlineData(0, 10_000, 1000, 1000L)]     // the first chunk of a large compaction
    [InlineData(9000, 10_000, 1000, 10_000L)] // the last full chunk reaches the target
    [InlineData(9500, 10_000, 1000, 10_000L)] // a partial chunk never passes the target
    [InlineData(0, 300, 1000, 300L)]          // a small compaction is one delete
    [InlineData(5, 8, 0, 6L)]                 // a chunk of 0 still moves forward
    public void Deletes_at_most_a_chunk_up_to_the_target(long deletedTo, long target, long chunk, long expected) =>
        Assert.Equal(expected, JournalCompaction.NextDeleteTo(deletedTo, target, chunk));

    [Theory]
    [InlineData(10_000, 10_000)] // done
    [InlineData(12_000, 10_000)] // already past (a later snapshot's deletes finished first)
    public void Stops_at_the_target(long deletedTo, long target) =>
        Assert.Null(JournalCompaction.NextDeleteTo(deletedTo, target, 1000));
}
