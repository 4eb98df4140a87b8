using Raft3D.Bench.SideBySide;

namespace Raft3D.Bench.Tests.SideBySide;

public sealed class SideBySideOptionsTests
{
    [Fact]
    public void Defaults_compare_with_etcd_on_the_issues_three_loads()
    {
        var options = SideBySideOptions.Parse([]);
        Assert.Equal("etcd", options.Against);
        Assert.Equal(["writes@1", "writes@64", "reads@64"], options.Shapes.Select(s => s.ToString()));
        Assert.Equal(3, options.Rounds);
    }

    [Fact]
    public void Own_flags_are_read_and_the_rest_go_to_the_nodes_options()
    {
        var options = SideBySideOptions.Parse(["--against", "secure", "--shapes", "writes@64", "--rounds", "5", "--idle", "0",
            "--duration", "7", "--http-base", "30000"]);
        Assert.Equal("secure", options.Against);
        Assert.Equal([new LoadShape("writes", 64)], options.Shapes);
        Assert.Equal(5, options.Rounds);
        Assert.Equal(TimeSpan.Zero, options.Idle);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Nodes.Duration);
        Assert.Equal(30000, options.Nodes.HttpBasePort);
    }

    [Theory]
    [InlineData("--against", "consul")]
    [InlineData("--shapes", "writes@0")]
    [InlineData("--shapes", "deletes@4")]
    [InlineData("--shapes", "writes")]
    [InlineData("--rounds", "0")]
    [InlineData("--nodes", "127.0.0.1:1")]
    [InlineData("--secure", null)]
    public void Refuses_what_it_cannot_run(string flag, string? value) =>
        Assert.Throws<ArgumentException>(() => SideBySideOptions.Parse(value is null ? [flag] : [flag, value]));
}
