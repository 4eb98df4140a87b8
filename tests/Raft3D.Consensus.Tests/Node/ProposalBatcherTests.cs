using Akka.Actor;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>The leader's proposals held for the next batch (group commit, thesis §10.2).</summary>
public sealed class ProposalBatcherTests
{
    [Fact]
    public void One_flush_message_is_on_its_way_at_a_time()
    {
        var batcher = new ProposalBatcher(maxBatch: 10, maxBatchBytes: 1000, maxPending: 100);
        Assert.True(batcher.Hold(Proposal(1), ActorRefs.Nobody));
        Assert.False(batcher.Hold(Proposal(1), ActorRefs.Nobody));
        batcher.FlushArrived();
        Assert.True(batcher.ScheduleFlush());
        batcher.FlushArrived();
        batcher.TakeAll();
        Assert.False(batcher.ScheduleFlush()); // nothing held, nothing to flush
    }

    [Theory]
    [InlineData(new[] { 1, 1, 1 }, 10, 1000, 3)]
    [InlineData(new[] { 1, 1, 1, 1 }, 2, 1000, 2)]       // the count cap
    [InlineData(new[] { 400, 400, 400 }, 10, 1000, 2)]   // the byte cap
    [InlineData(new[] { 5000, 1 }, 10, 1000, 1)]         // one oversized command still goes, alone
    public void A_batch_takes_proposals_in_order_within_the_count_and_byte_caps(int[] sizes, int maxBatch, long maxBytes, int taken)
    {
        var batcher = new ProposalBatcher(maxBatch, maxBytes, maxPending: 100);
        for (var i = 0; i < sizes.Length; i++) batcher.Hold(Proposal(sizes[i], tag: (byte)i), ActorRefs.Nobody);

        var batch = batcher.TakeBatch();

        Assert.Equal(Enumerable.Range(0, taken).Select(i => (byte)i), batch.Select(b => b.Proposal.Command[0]));
        Assert.Equal(sizes.Length - taken, batcher.Count);
    }

    [Theory]
    [InlineData(0, 5, 4, false)]   // nothing held
    [InlineData(2, 5, 4, false)]   // the previous batch is not committed yet
    [InlineData(2, 5, 5, true)]    // everything committed: go at once
    [InlineData(3, 5, 4, true)]    // a full batch goes whatever
    public void A_batch_starts_once_the_previous_one_commits_or_one_is_full(int held, long lastIndex, long commitIndex, bool starts)
    {
        var batcher = new ProposalBatcher(maxBatch: 3, maxBatchBytes: 1000, maxPending: 100);
        for (var i = 0; i < held; i++) batcher.Hold(Proposal(1), ActorRefs.Nobody);
        Assert.Equal(starts, batcher.MayStartBatch(commitIndex, lastIndex));
    }

    [Fact]
    public void Proposals_beyond_the_pending_bound_are_refused()
    {
        var batcher = new ProposalBatcher(maxBatch: 10, maxBatchBytes: 1000, maxPending: 3);
        batcher.Hold(Proposal(1), ActorRefs.Nobody);
        Assert.Null(batcher.Refusal(proposedNotApplied: 1));
        Assert.NotNull(batcher.Refusal(proposedNotApplied: 2));
    }

    private static Propose Proposal(int bytes, byte tag = 0)
    {
        var command = new byte[bytes];
        command[0] = tag;
        return new Propose(command);
    }
}
