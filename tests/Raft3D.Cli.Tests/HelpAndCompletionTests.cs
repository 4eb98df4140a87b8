using System.Text.RegularExpressions;
using Raft3D.Cli.Commands;

namespace Raft3D.Cli.Tests;

public sealed class HelpAndCompletionTests
{
    [Theory]
    [InlineData("cluster")]
    [InlineData("cluster", "show")]
    [InlineData("cluster", "leader")]
    [InlineData("cluster", "status")]
    [InlineData("cluster", "join")]
    [InlineData("cluster", "remove")]
    [InlineData("cluster", "transfer-leadership")]
    [InlineData("cluster", "snapshot")]
    [InlineData("cluster", "backup")]
    [InlineData("printers")]
    [InlineData("printers", "list")]
    [InlineData("printers", "add")]
    [InlineData("filaments", "list")]
    [InlineData("filaments", "add")]
    [InlineData("jobs", "list")]
    [InlineData("jobs", "add")]
    [InlineData("jobs", "start")]
    [InlineData("jobs", "done")]
    [InlineData("jobs", "cancel")]
    [InlineData("events")]
    [InlineData("completion", "bash")]
    public async Task Every_command_has_help_that_names_it(params string[] command)
    {
        var nodes = new FakeNodes();
        var (exit, output, error) = await nodes.RunAsync([.. command, "--help"]);
        Assert.Equal(0, exit);
        Assert.Empty(error);
        // The usage line names the program as it was started (raft3d, or the test host here), then the command.
        Assert.Matches($@"Usage:\s+\S+ {Regex.Escape(string.Join(' ', command))}\b", output);
        Assert.Contains("--node", output);
        Assert.Empty(nodes.Requests);
    }

    [Theory]
    [InlineData(new[] { "cluster", "explode" }, "usage: raft3d cluster <command> [options]")]
    [InlineData(new[] { "jobs", "start" }, "usage: raft3d jobs start <id> [options]")]
    [InlineData(new[] { "cluster", "join", "n4" }, "usage: raft3d cluster join <id> <raft> <http> [options]")]
    [InlineData(new[] { "printers", "list", "--colour", "red" }, "usage: raft3d printers list [options]")]
    public async Task Bad_usage_names_the_command_it_was_for(string[] args, string usage)
    {
        var (exit, _, error) = await new FakeNodes().RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Contains(usage, error);
    }

    [Theory]
    [InlineData("clu", "cluster")]
    [InlineData("cluster tra", "transfer-leadership")]
    [InlineData("jobs list --status r", "running")]
    [InlineData("filaments add --type P", "PETG")]
    public async Task The_suggest_directive_completes_commands_options_and_values(string line, string expected)
    {
        var (exit, output, _) = await new FakeNodes().RunAsync($"[suggest:{line.Length}]", line);
        Assert.Equal(0, exit);
        Assert.Contains(expected, output.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Completion_bash_prints_a_script_that_asks_the_suggest_directive()
    {
        var (exit, output, _) = await new FakeNodes().RunAsync("completion", "bash");
        Assert.Equal(0, exit);
        Assert.Equal(CompletionCommand.Bash.Trim(), output.Trim());
        Assert.Contains("[suggest:", output);
        Assert.Contains("complete -o default -F _raft3d_complete raft3d", output);
    }
}
