using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Raft3D.Cli.Output;

namespace Raft3D.Cli.Commands;

/// <summary>
/// `raft3d events --follow`: prints GET /api/v1/events (SPEC §7), one line per change. A dropped
/// connection is resumed from the last event's id, on the next node given when one is down, so
/// nothing is lost or printed twice; a position the cluster no longer holds ends it (exit 1).
/// </summary>
public static class EventCommands
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public static Command Build(CommandTree tree)
    {
        var events = new Command("events", """
            Print every change as it is applied, one line each (--json: the event's JSON). A dropped
            connection resumes from the last event, on the next node; Ctrl+C or --count ends it.
            """);
        var follow = new Option<bool>("--follow") { Description = "Keep watching (required: the stream does not end by itself)" };
        var since = Position("--since", "Start after this log index (default: now)");
        var count = Position("--count", "Stop after N events");
        var types = new Option<string>("--types") { Description = "Only these kinds or types, comma-separated (e.g. printer,print_job)", HelpName = "T,..." };
        var printerId = new Option<string>("--printer-id") { Description = "Only changes about this printer", HelpName = "P" };
        var filamentId = new Option<string>("--filament-id") { Description = "Only changes about this spool", HelpName = "F" };
        foreach (var option in new Option[] { follow, since, count, types, printerId, filamentId }) events.Options.Add(option);
        tree.Handle(events, context =>
        {
            if (!context.Value(follow)) throw new UsageException("events needs --follow: the stream does not end by itself (stop it with Ctrl+C, or give --count N)");
            var query = CommandContext.Query(("types", context.Value(types)), ("printer_id", context.Value(printerId)), ("filament_id", context.Value(filamentId)));
            // Ctrl+C cancels the token: it ends the stream, not the process mid-line.
            return FollowAsync(context, query, context.Value(since), context.Value(count), context.Cancel);
        });
        return events;
    }

    /// <summary>A whole number from 0, as --since and --count take.</summary>
    private static Option<long?> Position(string name, string description)
    {
        var option = new Option<long?>(name) { Description = description, HelpName = "N" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is < 0)
                result.AddError($"{name} must be a whole number from 0, not '{result.Tokens[0].Value}'");
        });
        return option;
    }

    private static async Task<int> FollowAsync(CommandContext context, string query, long? since, long? count, CancellationToken stopping)
    {
        var printed = 0L;
        var nodes = context.Client.Nodes;
        for (var attempt = 0; !stopping.IsCancellationRequested; attempt++)
        {
            var node = nodes[attempt % nodes.Count];
            var position = since is { } p ? new Dictionary<string, string> { ["Last-Event-ID"] = p.ToString(CultureInfo.InvariantCulture) } : [];
            try
            {
                using var response = await context.Client.OpenStreamAsync(node, "/api/v1/events" + query, position, stopping);
                if ((int)response.StatusCode != 200)
                {
                    var body = await response.Content.ReadAsStringAsync(stopping);
                    return context.Print(new Http.NodeResponse((int)response.StatusCode, body, node));
                }
                // Without --since the stream starts at the node's applied index: resume from there too.
                if (since is null && response.Headers.TryGetValues("X-Raft-Applied-Index", out var applied)
                                  && long.TryParse(applied.First(), CultureInfo.InvariantCulture, out var start))
                    since = start;
                attempt = -1; // connected: after a drop, try this node first again
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stopping));
                await foreach (var (id, data) in ReadEventsAsync(reader, stopping))
                {
                    context.Stdout.WriteLine(context.Json ? data : Line(data));
                    context.Stdout.Flush();
                    since = id;
                    if (++printed == count) return ExitCodes.Ok;
                }
                context.Stderr.WriteLine($"raft3d: {node} ended the stream; resuming after {since}");
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                context.Stderr.WriteLine($"raft3d: {node}: {e.Message}; resuming after {since?.ToString(CultureInfo.InvariantCulture) ?? "now"}");
            }
            try
            {
                await Task.Delay(RetryDelay, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return ExitCodes.Ok;
    }

    /// <summary>The events of a text/event-stream: (id, data) once the blank line that ends one is read; comments skipped.</summary>
    public static async IAsyncEnumerable<(long Id, string Data)> ReadEventsAsync(TextReader reader,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
    {
        long? id = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line.Length == 0)
            {
                if (id is { } complete && data is not null) yield return (complete, data);
                id = null;
                data = null;
            }
            else if (line.StartsWith("id:", StringComparison.Ordinal) && long.TryParse(line[3..].Trim(), CultureInfo.InvariantCulture, out var parsed)) id = parsed;
            else if (line.StartsWith("data:", StringComparison.Ordinal)) data = line[5..].TrimStart();
        }
    }

    /// <summary>"17 print_job.status_changed j1 status=Running printer_id=p1 filament_id=f1": the index, type, id, then the other fields.</summary>
    public static string Line(string data)
    {
        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        var change = root.GetProperty("object");
        var fields = change.EnumerateObject().Where(f => f.Name != "id").Select(f => $"{f.Name}={Value(f.Value)}");
        return $"{root.GetProperty("index").GetInt64()} {root.GetProperty("type").GetString()} {Value(change.GetProperty("id"))} {string.Join(' ', fields)}".TrimEnd();
    }

    private static string Value(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
