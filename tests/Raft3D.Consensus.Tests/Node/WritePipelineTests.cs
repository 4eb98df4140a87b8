using Raft3D.Consensus.Core;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>The readies behind journal writes: completion in order, and when committed entries may go ahead.</summary>
public sealed class WritePipelineTests
{
    [Fact]
    public void A_ready_without_a_write_completes_at_once_when_nothing_waits()
    {
        var pipeline = new WritePipeline();
        Assert.True(pipeline.MayCompleteWithoutWrite(new Ready()));
        Assert.Equal(0, pipeline.Count);
    }

    [Fact]
    public void Readies_complete_in_the_order_of_their_steps_each_write_releasing_those_without_one_behind_it()
    {
        var pipeline = new WritePipeline();
        var (w1, r2, r3, w4, r5) = (Write(), new Ready(), new Ready(), Write(), new Ready());
        pipeline.AwaitWrite(w1);
        Assert.False(pipeline.MayCompleteWithoutWrite(r2));
        Assert.False(pipeline.MayCompleteWithoutWrite(r3));
        pipeline.AwaitWrite(w4);
        Assert.False(pipeline.MayCompleteWithoutWrite(r5));

        Assert.Same(w1, pipeline.Written());
        Assert.Equal([r2, r3], TakeFollowing(pipeline));
        Assert.Same(w4, pipeline.Written());
        Assert.Equal([r5], TakeFollowing(pipeline));
        Assert.Equal(0, pipeline.Count);
    }

    [Fact]
    public void A_write_that_nobody_waits_for_is_a_bug()
    {
        var pipeline = new WritePipeline();
        Assert.Throws<InvalidOperationException>(() => pipeline.Written());
    }

    /// <summary>
    /// Thesis §10.2.1: committed entries may apply before this server's own writes complete,
    /// unless an earlier ready still to complete holds entries or a snapshot that must go first.
    /// </summary>
    [Theory]
    [InlineData("", true)]
    [InlineData("write", true)]               // entries of its own in flight: a majority holds the committed ones
    [InlineData("write+committed", false)]    // earlier committed entries wait for their write: order first
    [InlineData("write+snapshot", false)]     // a leader's snapshot to restore first
    [InlineData("write+committed done", true)]  // once that write is done, nothing holds back
    [InlineData("write+snapshot done", true)]
    public void Committed_entries_apply_ahead_unless_an_earlier_ready_holds_them_back(string earlier, bool ahead)
    {
        var pipeline = new WritePipeline();
        if (earlier.StartsWith("write", StringComparison.Ordinal))
        {
            var write = Write();
            if (earlier.Contains("+committed")) write.CommittedEntries.Add(Entry(4));
            if (earlier.Contains("+snapshot")) write.InstallSnapshot(new SnapshotImage(4, 1, [], [1]));
            pipeline.AwaitWrite(write);
            if (earlier.EndsWith(" done", StringComparison.Ordinal)) pipeline.Written();
        }
        var ready = new Ready();
        ready.CommittedEntries.Add(Entry(5));
        Assert.Equal(ahead, pipeline.MayApplyAhead(ready));
    }

    [Fact]
    public void A_ready_without_a_write_that_holds_entries_back_counts_while_it_waits()
    {
        var pipeline = new WritePipeline();
        pipeline.AwaitWrite(Write());
        var held = new Ready();
        held.CommittedEntries.Add(Entry(4));
        Assert.False(pipeline.MayCompleteWithoutWrite(held));
        var later = new Ready();
        later.CommittedEntries.Add(Entry(5));

        Assert.False(pipeline.MayApplyAhead(later));
        pipeline.Written();
        Assert.True(pipeline.TryTakeFollowing(out var released));
        Assert.Same(held, released);
        Assert.True(pipeline.MayApplyAhead(later));
    }

    private static List<Ready> TakeFollowing(WritePipeline pipeline)
    {
        var taken = new List<Ready>();
        while (pipeline.TryTakeFollowing(out var ready)) taken.Add(ready);
        return taken;
    }

    private static Ready Write()
    {
        var ready = new Ready();
        ready.SetHardState(1, null);
        return ready;
    }

    private static LogEntry Entry(long index) => new(index, 1, EntryKind.Command, [1]);
}
