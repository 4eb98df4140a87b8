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
}
