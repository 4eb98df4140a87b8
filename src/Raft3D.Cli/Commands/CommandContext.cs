using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Raft3D.Cli.Http;
using Raft3D.Cli.Output;

namespace Raft3D.Cli.Commands;

/// <summary>
/// What every command needs: its parsed line, a client for the nodes, where to write (stdout
/// also as a console for tables and colours), and the token Ctrl+C cancels.
/// </summary>
public sealed class CommandContext(ParseResult result, NodeClient client, CliHost host, bool json, CancellationToken cancel) : IDisposable
{
    public ParseResult Result { get; } = result;

    public NodeClient Client { get; } = client;

    public TextWriter Stdout { get; } = host.Stdout;

    public TextWriter Stderr { get; } = host.Stderr;

    private readonly Lazy<IAnsiConsole> _console = new(() => Terminal.Create(host.Stdout, host.Colors));

    /// <summary>Stdout as a Spectre.Console console, made on first use: most commands print no table and skip its start-up cost.</summary>
    public IAnsiConsole Console => _console.Value;

    public bool Json { get; } = json;

    public CancellationToken Cancel { get; } = cancel;

    public T? Value<T>(Option<T> option) => Result.GetValue(option);

    public T Value<T>(Argument<T> argument) => Result.GetValue(argument)!;

    public void Dispose() => Client.Dispose();

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
        (human ?? (json => JsonView.Write(Console, Stdout, json)))(document.RootElement);
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
