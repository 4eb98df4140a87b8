using Raft3D.Bench.Http;

namespace Raft3D.Bench.Tests.Http;

public sealed class JobPagesTests
{
    [Theory]
    [InlineData(1000L)]
    [InlineData(7L)]
    [InlineData(1_000_000L)]
    public void Spread_stays_in_range_and_reaches_all_over_it(long count)
    {
        var values = Enumerable.Range(0, 10_000).Select(n => JobPages.Spread(n, count)).ToList();
        Assert.All(values, v => Assert.InRange(v, 0, count - 1));
        Assert.True(values.Min() < count / 10 + 1 && values.Max() >= count - count / 10 - 1);
        Assert.True(values.Distinct().Count() >= Math.Min(count, 10_000) / 2);
    }
}
