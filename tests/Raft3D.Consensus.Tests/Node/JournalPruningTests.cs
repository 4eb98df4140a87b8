using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>Compacted journal events deleted a batch at a time, one delete in flight.</summary>
public sealed class JournalPruningTests
{
    [Fact]
    public void A_snapshot_is_pruned_up_to_its_sequence_number_a_batch_at_a_time()
    {
        var pruning = new JournalPruning(batch: 1_000);
        Assert.Equal(1_000, pruning.Covered(2_500));
        Assert.True(pruning.InFlight);
        Assert.Equal(2_000, pruning.Deleted(1_000));
        Assert.Equal(2_500, pruning.Deleted(2_000));
        Assert.Null(pruning.Deleted(2_500));
        Assert.False(pruning.InFlight);
    }

    [Fact]
    public void A_snapshot_saved_while_a_delete_is_in_flight_raises_the_target_without_a_second_delete()
    {
        var pruning = new JournalPruning(batch: 1_000);
        Assert.Equal(1_000, pruning.Covered(1_500));
        Assert.Null(pruning.Covered(4_000));
        Assert.Equal(2_000, pruning.Deleted(1_000));
        Assert.Equal(3_000, pruning.Deleted(2_000));
        Assert.Equal(4_000, pruning.Deleted(3_000));
        Assert.Null(pruning.Deleted(4_000));
    }

    [Fact]
    public void After_recovery_deletes_start_at_the_recovered_snapshot_not_at_the_first_event()
    {
        var pruning = new JournalPruning(batch: 1_000);
        pruning.Recovered(10_000_000);
        // One delete up to here also takes whatever a crash part-way left below the old snapshot.
        Assert.Equal(10_001_000, pruning.Covered(10_001_500));
        Assert.Equal(10_001_500, pruning.Deleted(10_001_000));
    }

    [Fact]
    public void A_snapshot_already_covered_deletes_nothing()
    {
        var pruning = new JournalPruning(batch: 1_000);
        pruning.Recovered(5_000);
        Assert.Null(pruning.Covered(5_000));
        Assert.Null(pruning.Covered(4_000));
        Assert.False(pruning.InFlight);
    }

    [Fact]
    public void A_failed_delete_is_retried_from_the_same_place_by_the_next_snapshot()
    {
        var pruning = new JournalPruning(batch: 1_000);
        Assert.Equal(1_000, pruning.Covered(3_000));
        pruning.Failed();
        Assert.False(pruning.InFlight);
        Assert.Equal(1_000, pruning.Covered(3_500));
        Assert.Equal(2_000, pruning.Deleted(1_000));
    }
}
