using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>When a leader turns the proposals it holds into the next batch of entries.</summary>
public sealed class GroupCommitTests
{
    [Theory]
    [InlineData(0, 10, 10, false)]     // nothing held
    [InlineData(1, 10, 10, true)]      // a lone client: everything committed: go at once
    [InlineData(5, 9, 10, false)]      // the previous batch is not committed yet: gather
    [InlineData(5, 10, 10, true)]      // committed by a majority, whether or not this server's write is done
    [InlineData(1023, 9, 10, false)]
    [InlineData(1024, 9, 10, true)]    // a full batch goes whatever is in flight
    [InlineData(2000, 9, 10, true)]
    public void The_next_batch_starts_once_the_last_is_committed_or_is_full(int held, long commitIndex, long lastIndex, bool start) =>
        Assert.Equal(start, GroupCommit.MayStartBatch(held, maxBatch: 1024, commitIndex, lastIndex));

    [Theory]
    [InlineData(new int[0], 0)]
    [InlineData(new[] { 100, 100, 100 }, 3)]            // fits in count and bytes
    [InlineData(new[] { 400, 400, 400 }, 2)]            // the third would pass 1000 bytes
    [InlineData(new[] { 5000, 10 }, 1)]                 // one large command still goes, alone
    [InlineData(new[] { 10, 5000 }, 1)]                 // and waits for the next batch behind a small one
    [InlineData(new[] { 1, 1, 1, 1, 1, 1 }, 4)]         // the count bound
    public void A_batch_is_capped_by_count_and_by_bytes_but_takes_at_least_one(int[] sizes, int expected) =>
        Assert.Equal(expected, GroupCommit.BatchCount(sizes, static s => s, maxBatch: 4, maxBytes: 1000));

    [Theory]
    [InlineData(0, 0, 10, false)]
    [InlineData(4, 5, 10, false)]
    [InlineData(5, 5, 10, true)]       // held for the next batch and proposed-not-applied both count
    [InlineData(0, 10, 10, true)]
    [InlineData(10, 0, 10, true)]
    public void A_leader_refuses_writes_past_the_bound_on_waiting_ones(int held, int proposed, int max, bool refused) =>
        Assert.Equal(refused, GroupCommit.Refusal(held, proposed, max) is not null);
}
