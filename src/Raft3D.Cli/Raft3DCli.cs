using System.CommandLine;
using System.CommandLine.Help;
using Raft3D.Cli.Commands;
using Raft3D.Cli.Http;
using Raft3D.Cli.Output;

namespace Raft3D.Cli;

/// <summary>`raft3d`: inspect and drive a Raft3D cluster over its HTTP API, in the style of Petabridge.Cmd.</summary>
public static class Raft3DCli
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<HttpMessageHandler>? handler = null) =>
        RunAsync(args, new CliHost(stdout, stderr, handler));

    public static async Task<int> RunAsync(string[] args, CliHost host)
    {
        var root = new CommandTree(host).Build();
        var result = root.Parse(args);
        // --help wins over the rest of the line, as it always did; any other mistake is bad usage.
        if (result.Errors.Count > 0 && result.Action is not HelpAction)
        {
            foreach (var error in result.Errors) host.Stderr.WriteLine($"error: {error.Message}");
            host.Stderr.WriteLine(Usage(result.CommandResult.Command));
            return ExitCodes.BadUsage;
        }
        try
        {
            return await result.InvokeAsync(new InvocationConfiguration
            {
                Output = host.Stdout,
                Error = host.Stderr,
                // UsageException and NodesUnreachableException carry exit codes of their own.
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (UsageException e)
        {
            host.Stderr.WriteLine($"error: {e.Message}");
            host.Stderr.WriteLine(Usage(result.CommandResult.Command));
            return ExitCodes.BadUsage;
        }
        catch (NodesUnreachableException e)
        {
            host.Stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.Unreachable;
        }
    }

    /// <summary>"usage: raft3d jobs start <id> [options]", and where the full help is.</summary>
    public static string Usage(Command command)
    {
        var path = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            path.Insert(0, c is RootCommand ? "raft3d" : c.Name);
        var line = string.Join(' ', path);
        var synopsis = line
                       + (command.Subcommands.Count > 0 ? " <command>" : "")
                       + string.Concat(command.Arguments.Select(a => $" <{a.Name}>"))
                       + " [options]";
        return $"usage: {synopsis}\n(`{line} --help` for more)";
    }
}
