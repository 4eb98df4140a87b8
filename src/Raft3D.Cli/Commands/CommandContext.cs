using System.Text.Json;
using Raft3D.Cli.Http;
using Raft3D.Cli.Output;

namespace Raft3D.Cli.Commands;

/// <summary>What every command needs: its arguments, a client for the nodes, and where to write.</summary>
public sealed class CommandContext(CliArguments arguments, NodeClient client, TextWriter stdout, TextWriter stderr)
{
    public CliArguments Arguments { get; } = arguments;

    public NodeClient Client { get; } = client;

    public TextWriter Stdout { get; } = stdout;

    public TextWriter Stderr { get; } = stderr;

    public bool Json { get; } = arguments.Has("json");

    /// <summary>
    /// Prints an answer: the JSON as it came with --json, else a human view; an error answer
    /// goes to stderr as one line with the problem's title and detail, and exits 1.
    /// </summary>
    public int Print(NodeResponse response, Action<JsonElement>? human = null)
    {
        if (!response.IsSuccess)
        {
            Stderr.WriteLine($"error: {response.StatusCode} {Problem(response.Body)}");
            return ExitCodes.Refused;
        }
        if (Json || response.Body.Length == 0)
        {
            if (response.Body.Length > 0) Stdout.WriteLine(response.Body);
            return ExitCodes.Ok;
        }
        using var document = JsonDocument.Parse(response.Body);
        (human ?? (json => JsonView.Write(Stdout, json)))(document.RootElement);
        return ExitCodes.Ok;
    }

    private static string Problem(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return string.Join(": ", new[] { title, detail }.Where(s => !string.IsNullOrEmpty(s)));
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    /// <summary>A query string of the given options that are set, e.g. ?status=queued.</summary>
    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var set = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return set.Count == 0 ? "" : "?" + string.Join('&', set);
    }
}
