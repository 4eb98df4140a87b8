using Raft3D.Cli.Commands;
using Raft3D.Cli.Output;

namespace Raft3D.Cli.Tests;

public sealed class ColorTests
{
    [Theory]
    [InlineData(false, null, "xterm-256color", true)]
    [InlineData(false, "", "xterm", true)]
    [InlineData(true, null, "xterm", false)]
    [InlineData(false, "1", "xterm", false)]
    [InlineData(false, "yes", null, false)]
    [InlineData(false, null, "dumb", false)]
    [InlineData(false, null, null, true)]
    public void Colours_only_on_a_terminal_without_NO_COLOR(bool redirected, string? noColor, string? term, bool expected) =>
        Assert.Equal(expected, ColorPolicy.Enabled(redirected, noColor, term));

    [Theory]
    [InlineData(1, "leader", "green")]
    [InlineData(1, "follower", null)]
    [InlineData(1, "learner", "yellow")]
    [InlineData(2, "learner", "yellow")]
    [InlineData(2, "voter", null)]
    [InlineData(8, "no", "red")]
    [InlineData(8, "yes", "green")]
    [InlineData(0, "leader", null)]
    public void Cluster_show_colours_the_cells_worth_a_glance(int column, string cell, string? style) =>
        Assert.Equal(style, ClusterCommands.MemberStyle(column, cell));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_table_has_escape_codes_only_with_colours(bool colors)
    {
        var nodes = new FakeNodes();
        nodes.Answers["n1:8080 GET /api/v1/printers"] = (200, """[{"id":"p1","company":"Prusa","model":"MK4"}]""");
        var stdout = new StringWriter();
        var exit = await Raft3DCli.RunAsync(["--node", "n1:8080", "printers", "list"], new CliHost(stdout, new StringWriter(), () => nodes, colors));

        Assert.Equal(0, exit);
        Assert.Equal(colors, stdout.ToString().Contains('\u001b'));
        Assert.Matches(@"p1.*Prusa.*MK4", stdout.ToString());
    }
}
