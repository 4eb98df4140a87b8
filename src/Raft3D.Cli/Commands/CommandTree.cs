using System.CommandLine;
using Raft3D.Cli.Http;

namespace Raft3D.Cli.Commands;

/// <summary>
/// Builds the `raft3d` command tree for one run: every command with its arguments, options and
/// help, and an action that talks to the nodes through a <see cref="CommandContext"/>.
/// </summary>
public sealed class CommandTree(CliHost host)
{
    /// <summary>One request's bound; a stream (events --follow) is bounded by its own reads.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    public GlobalOptions Globals { get; } = new();

    public RootCommand Build()
    {
        var root = new RootCommand("""
            raft3d: inspect and drive a Raft3D cluster over its HTTP API.

            Examples:
              raft3d --node 127.0.0.1:8081,127.0.0.1:8082 cluster show
              raft3d --node 127.0.0.1:8081 jobs list --status running --json
              raft3d --node 127.0.0.1:8081 events --follow --since 0 --count 3

            Exit codes: 0 ok, 1 refused by the cluster, 2 bad usage, 3 no node reachable.
            """);
        Globals.AddTo(root);
        root.Subcommands.Add(ClusterCommands.Build(this));
        root.Subcommands.Add(FarmCommands.Printers(this));
        root.Subcommands.Add(FarmCommands.Filaments(this));
        root.Subcommands.Add(FarmCommands.Jobs(this));
        root.Subcommands.Add(EventCommands.Build(this));
        root.Subcommands.Add(CompletionCommand.Build(host));
        return root;
    }

    /// <summary>Makes <paramref name="run"/> the command's action, with a client for the nodes the line names.</summary>
    public void Handle(Command command, Func<CommandContext, Task<int>> run) =>
        command.SetAction(async (result, cancel) =>
        {
            var apiKey = result.GetValue(Globals.ApiKey) ?? Environment.GetEnvironmentVariable("RAFT3D_API_KEY");
            var ca = result.GetValue(Globals.Ca) ?? Environment.GetEnvironmentVariable("RAFT3D_CA");
            var client = new NodeClient(Globals.Nodes(result), host.Handler?.Invoke() ?? CaTrust.Handler(string.IsNullOrEmpty(ca) ? null : ca),
                RequestTimeout, string.IsNullOrEmpty(apiKey) ? null : apiKey);
            using var context = new CommandContext(result, client, host, result.GetValue(Globals.Json), cancel);
            return await run(context);
        });
}
