using Raft3D.PrintFarm.Lists;

namespace Raft3D.PrintFarm.Tests;

/// <summary><see cref="PositionList"/>: what a view cut at a job count sees of an append-only list.</summary>
public sealed class PositionListTests
{
    [Theory]
    [InlineData(new int[] { }, 10, new int[] { })]
    [InlineData(new[] { 0, 3, 7 }, 0, new int[] { })]
    [InlineData(new[] { 0, 3, 7 }, 3, new[] { 0 })] // the limit is a job count: position 3 is the 4th job
    [InlineData(new[] { 0, 3, 7 }, 4, new[] { 0, 3 })]
    [InlineData(new[] { 0, 3, 7 }, 8, new[] { 0, 3, 7 })]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 6, new[] { 1, 2, 3, 4, 5 })] // past the first growth of the array
    public void Below_gives_the_positions_under_the_limit(int[] appended, int limit, int[] expected)
    {
        var list = new PositionList();
        foreach (var position in appended) list.Append(position);

        var (items, count) = list.Below(limit);

        Assert.Equal(expected, items.Take(count));
    }

    [Fact]
    public void A_cut_taken_before_appends_and_growth_keeps_its_positions()
    {
        var list = new PositionList();
        for (var i = 0; i < 4; i++) list.Append(i * 2);
        var (before, count) = list.Below(int.MaxValue);

        for (var i = 4; i < 100; i++) list.Append(i * 2);

        Assert.Equal([0, 2, 4, 6], before.Take(count));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), list.Below(int.MaxValue).Items.Take(100));
    }
}
