using Raft3D.Cli.Commands;
using Raft3D.Cli.Http;
using Raft3D.Cli.Output;

namespace Raft3D.Cli;

/// <summary>`raft3d`: inspect and drive a Raft3D cluster over its HTTP API, in the style of Petabridge.Cmd.</summary>
public static class Raft3DCli
{
    public const string Usage = """
        usage: raft3d [--node host:port ...] [--json] <command>

        cluster show                         members: role, suffrage, addresses, match index, lag, contact, health
        cluster leader                       the current leader
        cluster status                       this node's Raft state
        cluster join <id> <raft> <http>      add a node (it joins as a learner, then becomes a voter)
        cluster remove <id>                  remove a node
        cluster transfer-leadership [--to id]
        cluster snapshot                     snapshot and compact the log now
        cluster backup FILE                  save a backup of the committed state (restore: server -restore FILE -bootstrap)
        printers list | add --company C --model M [--id ID]
        filaments list | add --type PLA|PETG|ABS|TPU --color C --total G [--remaining G] [--id ID]
        jobs list [--status S] [--printer-id P] [--filament-id F]
        jobs add --printer-id P --filament-id F --filepath PATH --weight G [--id ID]
        jobs start|done|cancel <id>
        events --follow [--since N] [--types T,...] [--printer-id P] [--filament-id F] [--count N]
                                             print every change as it is applied, one line each
                                             (--json: the event's JSON); resumes after a dropped
                                             connection from the last event, on the next node

        options:
          --node host:port      a node to talk to; repeat or comma-separate, the next is tried when one
                                is unreachable (default: $RAFT3D_NODES or 127.0.0.1:8080); https://host:port
                                for a cluster with TLS
          --api-key KEY         the API key to send (default: $RAFT3D_API_KEY)
          --ca FILE             a PEM CA certificate to trust for https:// nodes (default: $RAFT3D_CA)
          --json                print JSON for scripts
          --consistency local   serve a list from the node's own state (fast, may be stale)
          --limit N --after ID  on list: at most N (1-1000) objects created after the one with id ID
          --idempotency-key K   on add, start, done, cancel: a retry with the same key is applied once
                                (default: a fresh key, so failing over to the next node never applies twice)

        exit codes: 0 ok, 1 refused by the cluster, 2 bad usage, 3 no node reachable
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<HttpMessageHandler>? handler = null)
    {
        try
        {
            var arguments = CliArguments.Parse(args);
            if (arguments.Has("help"))
            {
                stdout.WriteLine(Usage);
                return ExitCodes.Ok;
            }
            if (arguments.Words.Count == 0) throw new UsageException("no command given");
            var nodes = arguments.All("node");
            if (nodes.Count == 0)
                nodes = (Environment.GetEnvironmentVariable("RAFT3D_NODES") ?? "127.0.0.1:8080")
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var apiKey = arguments.Option("api-key") ?? Environment.GetEnvironmentVariable("RAFT3D_API_KEY");
            var ca = arguments.Option("ca") ?? Environment.GetEnvironmentVariable("RAFT3D_CA");
            using var client = new NodeClient(nodes, handler?.Invoke() ?? CaTrust.Handler(string.IsNullOrEmpty(ca) ? null : ca),
                TimeSpan.FromSeconds(15), string.IsNullOrEmpty(apiKey) ? null : apiKey);
            var context = new CommandContext(arguments, client, stdout, stderr);
            return arguments.Words[0] switch
            {
                "cluster" => await ClusterCommands.RunAsync(context),
                "printers" or "filaments" or "jobs" => await FarmCommands.RunAsync(context),
                "events" => await EventCommands.RunAsync(context),
                var other => throw new UsageException($"unknown command '{other}'"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine(Usage);
            return ExitCodes.BadUsage;
        }
        catch (NodesUnreachableException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.Unreachable;
        }
    }
}
