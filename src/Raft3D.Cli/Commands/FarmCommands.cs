using System.Text.Json;
using System.Text.Json.Nodes;

namespace Raft3D.Cli.Commands;

/// <summary>`raft3d printers|filaments|jobs …`: the print farm (SPEC §3).</summary>
public static class FarmCommands
{
    public static Task<int> RunAsync(CommandContext context)
    {
        var args = context.Arguments;
        var group = args.Words[0];
        var verb = args.Word(1, $"{group} command");
        return (group, verb) switch
        {
            ("printers", "list") => ListAsync(context, "printers"),
            ("filaments", "list") => ListAsync(context, "filaments"),
            ("jobs", "list") => ListAsync(context, "print_jobs", ("status", args.Option("status")),
                ("printer_id", args.Option("printer-id")), ("filament_id", args.Option("filament-id"))),
            ("printers", "add") => AddAsync(context, "printers", new JsonObject
            {
                ["company"] = args.Required("company"),
                ["model"] = args.Required("model"),
            }),
            ("filaments", "add") => AddAsync(context, "filaments", new JsonObject
            {
                ["type"] = args.Required("type"),
                ["color"] = args.Required("color"),
                ["total_weight_in_grams"] = args.RequiredInt("total"),
                ["remaining_weight_in_grams"] = args.OptionalInt("remaining"),
            }),
            ("jobs", "add") => AddAsync(context, "print_jobs", new JsonObject
            {
                ["printer_id"] = args.Required("printer-id"),
                ["filament_id"] = args.Required("filament-id"),
                ["filepath"] = args.Required("filepath"),
                ["print_weight_in_grams"] = args.RequiredInt("weight"),
            }),
            ("jobs", "start") => ChangeStatusAsync(context, "running"),
            ("jobs", "done") => ChangeStatusAsync(context, "done"),
            ("jobs", "cancel") => ChangeStatusAsync(context, "canceled"),
            _ => throw new UsageException($"unknown command '{group} {verb}'"),
        };
    }

    private static async Task<int> ListAsync(CommandContext context, string collection, params (string, string?)[] filters)
    {
        var consistency = context.Arguments.Option("consistency");
        // A page: the node answers at most raft3d.api.max-list objects without a limit.
        var limit = context.Arguments.Option("limit");
        var after = context.Arguments.Option("after");
        context.Arguments.NoMoreWordsAfter(2);
        context.Arguments.RejectUnknownOptions();
        var query = CommandContext.Query([("limit", limit), ("after", after), .. filters, ("consistency", consistency)]);
        return context.Print(await context.Client.SendAsync(HttpMethod.Get, $"/api/v1/{collection}{query}"));
    }

    private static async Task<int> AddAsync(CommandContext context, string collection, JsonObject body)
    {
        var args = context.Arguments;
        if (args.Option("id") is { } id) body["id"] = id;
        foreach (var (name, value) in body.ToList())
            if (value is null) body.Remove(name);
        var headers = IdempotencyHeader(args);
        args.NoMoreWordsAfter(2);
        args.RejectUnknownOptions();
        return context.Print(await context.Client.SendAsync(HttpMethod.Post, $"/api/v1/{collection}", body.ToJsonString(), headers));
    }

    private static async Task<int> ChangeStatusAsync(CommandContext context, string status)
    {
        var id = context.Arguments.Word(2, "print job id");
        var headers = IdempotencyHeader(context.Arguments);
        context.Arguments.NoMoreWordsAfter(3);
        context.Arguments.RejectUnknownOptions();
        var body = JsonSerializer.Serialize(new { status });
        return context.Print(await context.Client.SendAsync(HttpMethod.Post,
            $"/api/v1/print_jobs/{Uri.EscapeDataString(id)}/status" + CommandContext.Query(("status", status)), body, headers));
    }

    /// <summary>
    /// Every write carries a key, the user's or a fresh one: a node may apply a write and die
    /// before answering, and the next node tried must then answer the first result, not apply
    /// it again.
    /// </summary>
    private static Dictionary<string, string> IdempotencyHeader(CliArguments args) =>
        new() { ["Idempotency-Key"] = args.Option("idempotency-key") ?? $"raft3d-cli-{Guid.NewGuid():N}" };
}
