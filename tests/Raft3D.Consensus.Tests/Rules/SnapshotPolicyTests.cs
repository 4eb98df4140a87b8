using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>When a node compacts its log (§7): at its own points of a count of applied entries, or past their bytes.</summary>
public sealed class SnapshotPolicyTests
{
    [Theory]
    [InlineData(0, 0, 0, 10, 1000, false)]         // nothing applied past the snapshot
    [InlineData(9, 0, 999, 10, 1000, false)]       // below both bounds
    [InlineData(10, 0, 5, 10, 1000, true)]         // the entry bound
    [InlineData(3, 0, 1000, 10, 1000, true)]       // the byte bound: a few big commands
    [InlineData(3, 0, 1_000_000, 10, 0, false)]    // 0: no byte bound
    [InlineData(20, 20, 5000, 10, 1000, false)]    // bytes but nothing applied past the snapshot (cannot snapshot)
    [InlineData(29, 20, 0, 10, 1000, false)]       // the next point of a node that snapshotted at 20 is 30
    [InlineData(30, 20, 0, 10, 1000, true)]
    public void Is_due_past_either_bound(long applied, long snapshotIndex, long bytes, long thresholdEntries, long thresholdBytes, bool due) =>
        Assert.Equal(due, SnapshotPolicy.IsDue(applied, snapshotIndex, bytes, thresholdEntries, thresholdBytes, rank: 0, members: 1));

    [Theory]
    // One node: every threshold.
    [InlineData(0, 100_000, 0, 1, 100_000)]
    [InlineData(100_000, 100_000, 0, 1, 200_000)]
    // Three nodes start their grids a third of a threshold apart: 100 000, 133 333, 66 666...
    [InlineData(0, 100_000, 0, 3, 100_000)]
    [InlineData(0, 100_000, 1, 3, 133_333)]
    [InlineData(0, 100_000, 2, 3, 66_666)]
    // ...and stay on them, whatever the applied index was when they snapshotted.
    [InlineData(100_412, 100_000, 0, 3, 200_000)]
    [InlineData(133_901, 100_000, 1, 3, 233_333)]
    [InlineData(66_700, 100_000, 2, 3, 166_666)]
    // A snapshot taken by hand moves the next point by at least half a threshold.
    [InlineData(90_000, 100_000, 0, 3, 200_000)]
    [InlineData(40_000, 100_000, 0, 3, 100_000)]
    // A rank out of range (not a member) takes no offset.
    [InlineData(0, 100_000, 5, 3, 100_000)]
    public void Members_compact_at_their_own_points_spread_over_a_threshold(long snapshotIndex, long threshold, int rank, int members, long next) =>
        Assert.Equal(next, SnapshotPolicy.NextCompactionIndex(snapshotIndex, threshold, rank, members));

    [Fact]
    public void Three_members_never_compact_within_a_quarter_threshold_of_each_other()
    {
        const long threshold = 100_000;
        var points = Enumerable.Range(0, 3).SelectMany(rank =>
        {
            var list = new List<long>();
            for (var at = SnapshotPolicy.NextCompactionIndex(0, threshold, rank, 3); at < 2_000_000; at = SnapshotPolicy.NextCompactionIndex(at, threshold, rank, 3))
                list.Add(at);
            return list;
        }).Order().ToList();
        Assert.All(points.Zip(points.Skip(1)), pair => Assert.True(pair.Item2 - pair.Item1 >= threshold / 4, $"{pair.Item1} and {pair.Item2}"));
    }
}
