using Raft3D.Bench.SideBySide;

namespace Raft3D.Bench.Tests.SideBySide;

public sealed class SideBySideTableTests
{
    [Theory]
    [InlineData(new double[] { }, double.NaN)]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 3.0 }, 3.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    [InlineData(new[] { double.NaN, 1.0, 9.0 }, 5.0)]
    public void Median_of_the_known_values(double[] values, double expected) =>
        Assert.Equal(expected, SideBySideTable.Median(values));

    [Theory]
    [InlineData(3.0, 2.0, "1.50×")]
    [InlineData(1.0, 3.0, "0.33×")]
    [InlineData(1.0, 0.0, "-")]
    [InlineData(double.NaN, 2.0, "-")]
    [InlineData(2.0, double.NaN, "-")]
    public void Ratio_of_first_to_second(double first, double second, string expected) =>
        Assert.Equal(expected, SideBySideTable.Ratio(first, second));

    [Fact]
    public void Table_has_each_systems_medians_and_their_ratio_per_shape()
    {
        var shape = new LoadShape("writes", 64);
        Measurement Run(string system, int round, double perSecond, double cpu, double? allocated) =>
            new(system, shape, round, new LatencySummary((long)perSecond * 10, perSecond, 2, 3, 4, 5, 2, 0, 0), cpu, allocated);
        var table = SideBySideTable.Format("raft3d", "etcd",
            [Run("raft3d", 1, 2000, 100, 8192), Run("raft3d", 2, 3000, 300, 8192), Run("raft3d", 3, 4000, 200, 8192),
             Run("etcd", 1, 1000, 200, null), Run("etcd", 2, 1000, 200, null), Run("etcd", 3, 1000, 200, null)],
            [new IdleUse("etcd", [1.0, 2.0, 3.0])], [], []);
        var lines = table.Split('\n');
        Assert.Matches(@"^writes@64\s+raft3d\s+3\s+3000\s+2\.00\s+4\.00\s+200\s+8\.0\s+0$", lines[1]);
        Assert.Matches(@"^writes@64\s+etcd\s+3\s+1000\s", lines[2]);
        Assert.Matches(@"^writes@64\s+raft3d / etcd\s+3\.00×\s+1\.00×\s+1\.00×\s+1\.00×$", lines[3]);
        Assert.Equal("idle CPU, etcd: 1.00 / 2.00 / 3.00 % of a core per node", lines[4]);
    }

    [Fact]
    public void A_restart_is_its_first_seconds_against_the_writes_just_before_it()
    {
        var table = SideBySideTable.Format("raft3d", "etcd", [], [], [],
            [new RestartStart("raft3d", TimeSpan.FromSeconds(2.94), WarmP50: 1.6, Seconds: 10, P50: 2.4, Writes: 3000)]);

        Assert.Equal("restart, raft3d: a follower ready 2.9 s after its start; its first 10 s of 1-client writes p50 2.40 ms (3000 writes) = " +
                     "1.50× its p50 before the restart (1.60 ms)", table.Split('\n')[1].TrimEnd('\r'));
    }

    [Fact]
    public void Idle_use_is_each_nodes_cpu_over_the_stretch_in_percent_of_a_core() =>
        Assert.Equal([1.0, 50.0],
            IdleUse.From("x", [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], [TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(32)],
                TimeSpan.FromSeconds(60)).PercentOfCorePerNode);
}
