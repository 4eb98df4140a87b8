using System.CommandLine;

namespace Raft3D.Cli.Commands;

/// <summary>The options every command takes, anywhere on the line (before or after the command).</summary>
public sealed class GlobalOptions
{
    public const string DefaultNode = "127.0.0.1:8080";

    public Option<string[]> Node { get; } = new("--node")
    {
        Description = "A node to talk to; repeat or comma-separate, the next is tried when one is unreachable "
                      + $"(default: $RAFT3D_NODES or {DefaultNode}); https://host:port for a cluster with TLS",
        HelpName = "host:port",
        Recursive = true,
    };

    public Option<string> ApiKey { get; } = new("--api-key")
    {
        Description = "The API key to send (default: $RAFT3D_API_KEY)",
        HelpName = "KEY",
        Recursive = true,
    };

    public Option<string> Ca { get; } = new("--ca")
    {
        Description = "A PEM CA certificate to trust for https:// nodes (default: $RAFT3D_CA)",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON for scripts",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Node);
        root.Options.Add(ApiKey);
        root.Options.Add(Ca);
        root.Options.Add(Json);
    }

    /// <summary>--node as given (repeated, comma-separated), else $RAFT3D_NODES, else the default.</summary>
    public IReadOnlyList<string> Nodes(ParseResult result)
    {
        var given = (result.GetValue(Node) ?? []).SelectMany(SplitList).ToList();
        return given.Count > 0 ? given : SplitList(Environment.GetEnvironmentVariable("RAFT3D_NODES") ?? DefaultNode);
    }

    public static string[] SplitList(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
