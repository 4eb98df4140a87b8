using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>When a leader turns the proposals it holds into the next batch of entries.</summary>
public sealed class GroupCommitTests
{
    [Theory]
    [InlineData(0, 10, 10, 0, false)]    // nothing held
    [InlineData(1, 10, 10, 0, true)]     // a lone client: everything committed, no write: go at once
    [InlineData(5, 9, 10, 0, false)]     // the previous batch is not committed yet: gather
    [InlineData(5, 10, 10, 1, false)]    // committed by the followers, this server's write still going: gather
    [InlineData(5, 9, 10, 1, false)]     // neither
    [InlineData(1024, 9, 10, 1, true)]   // a full batch goes whatever is in flight
    [InlineData(2000, 9, 10, 1, true)]
    [InlineData(1023, 9, 10, 0, false)]
    public void The_next_batch_starts_once_the_last_is_committed_and_written_or_is_full(
        int held, long commitIndex, long lastIndex, int ownWritesInFlight, bool start) =>
        Assert.Equal(start, GroupCommit.MayStartBatch(held, maxBatch: 1024, commitIndex, lastIndex, ownWritesInFlight));
}
