using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Raft3D.Cli.Commands;

/// <summary>`raft3d printers|filaments|jobs …`: the print farm (SPEC §3).</summary>
public static class FarmCommands
{
    public static Command Printers(CommandTree tree)
    {
        var printers = new Command("printers", "List and add printers");
        printers.Subcommands.Add(List(tree, "printers", "printers"));
        var company = Required("--company", "The printer's maker, e.g. Prusa");
        var model = Required("--model", "Its model, e.g. MK4");
        printers.Subcommands.Add(Add(tree, "printers", "Add a printer", [company, model], context => new JsonObject
        {
            ["company"] = context.Value(company),
            ["model"] = context.Value(model),
        }));
        return printers;
    }

    public static Command Filaments(CommandTree tree)
    {
        var filaments = new Command("filaments", "List and add filament spools");
        filaments.Subcommands.Add(List(tree, "filaments", "filament spools"));
        var type = Required("--type", "PLA, PETG, ABS or TPU");
        type.CompletionSources.Add("PLA", "PETG", "ABS", "TPU");
        var color = Required("--color", "The spool's colour");
        var total = new Option<int>("--total") { Description = "Its total weight in grams", HelpName = "G", Required = true };
        var remaining = new Option<int?>("--remaining") { Description = "Grams left on it (default: the total)", HelpName = "G" };
        filaments.Subcommands.Add(Add(tree, "filaments", "Add a filament spool", [type, color, total, remaining], context => new JsonObject
        {
            ["type"] = context.Value(type),
            ["color"] = context.Value(color),
            ["total_weight_in_grams"] = context.Value(total),
            ["remaining_weight_in_grams"] = context.Value(remaining),
        }));
        return filaments;
    }

    public static Command Jobs(CommandTree tree)
    {
        var jobs = new Command("jobs", "List, add and move print jobs");
        var status = new Option<string>("--status") { Description = "Only jobs in this status", HelpName = "S" };
        status.CompletionSources.Add("queued", "running", "done", "canceled");
        var printerId = new Option<string>("--printer-id") { Description = "Only jobs on this printer", HelpName = "P" };
        var filamentId = new Option<string>("--filament-id") { Description = "Only jobs using this spool", HelpName = "F" };
        jobs.Subcommands.Add(List(tree, "print_jobs", "print jobs", status, printerId, filamentId));

        var addPrinter = Required("--printer-id", "The printer to print on", "P");
        var addFilament = Required("--filament-id", "The spool to print with", "F");
        var filepath = Required("--filepath", "The G-code file", "PATH");
        var weight = new Option<int>("--weight") { Description = "Grams of filament the print takes", HelpName = "G", Required = true };
        jobs.Subcommands.Add(Add(tree, "print_jobs", "Queue a print job", [addPrinter, addFilament, filepath, weight], context => new JsonObject
        {
            ["printer_id"] = context.Value(addPrinter),
            ["filament_id"] = context.Value(addFilament),
            ["filepath"] = context.Value(filepath),
            ["print_weight_in_grams"] = context.Value(weight),
        }));
        jobs.Subcommands.Add(ChangeStatus(tree, "start", "running", "Start a queued job"));
        jobs.Subcommands.Add(ChangeStatus(tree, "done", "done", "Mark a running job done"));
        jobs.Subcommands.Add(ChangeStatus(tree, "cancel", "canceled", "Cancel a queued or running job"));
        return jobs;
    }

    private static Option<string> Required(string name, string description, string? helpName = null) =>
        new(name) { Description = description, HelpName = helpName, Required = true };

    private static Command List(CommandTree tree, string collection, string what, params Option<string>[] filters)
    {
        var list = new Command("list", $"List {what} (a table; --json for the API's JSON)");
        var consistency = new Option<string>("--consistency") { Description = "local: serve from the node's own state (fast, may be stale)", HelpName = "local" };
        consistency.CompletionSources.Add("local");
        // A page: the node answers at most raft3d.api.max-list objects without a limit.
        var limit = new Option<string>("--limit") { Description = "At most N objects (1-1000)", HelpName = "N" };
        var after = new Option<string>("--after") { Description = "Only objects created after the one with this id", HelpName = "ID" };
        foreach (var option in filters.Append(limit).Append(after).Append(consistency)) list.Options.Add(option);
        tree.Handle(list, async context =>
        {
            var query = CommandContext.Query([
                ("limit", context.Value(limit)), ("after", context.Value(after)),
                .. filters.Select(f => (f.Name.TrimStart('-').Replace('-', '_'), context.Value(f))),
                ("consistency", context.Value(consistency)),
            ]);
            return context.Print(await context.Client.SendAsync(HttpMethod.Get, $"/api/v1/{collection}{query}"));
        });
        return list;
    }

    private static Command Add(CommandTree tree, string collection, string description, Option[] fields, Func<CommandContext, JsonObject> body)
    {
        var add = new Command("add", description);
        var id = new Option<string>("--id") { Description = "The new object's id (default: the server generates one)", HelpName = "ID" };
        var key = IdempotencyKey();
        foreach (var option in fields.Append(id).Append(key)) add.Options.Add(option);
        tree.Handle(add, async context =>
        {
            var json = body(context);
            if (context.Value(id) is { } given) json["id"] = given;
            foreach (var (name, value) in json.ToList())
                if (value is null) json.Remove(name);
            return context.Print(await context.Client.SendAsync(HttpMethod.Post, $"/api/v1/{collection}", json.ToJsonString(), Headers(context, key)));
        });
        return add;
    }

    private static Command ChangeStatus(CommandTree tree, string verb, string status, string description)
    {
        var command = new Command(verb, description);
        var id = new Argument<string>("id") { Description = "The print job's id" };
        var key = IdempotencyKey();
        command.Arguments.Add(id);
        command.Options.Add(key);
        tree.Handle(command, async context =>
        {
            var body = JsonSerializer.Serialize(new { status });
            return context.Print(await context.Client.SendAsync(HttpMethod.Post,
                $"/api/v1/print_jobs/{Uri.EscapeDataString(context.Value(id))}/status" + CommandContext.Query(("status", status)), body, Headers(context, key)));
        });
        return command;
    }

    private static Option<string> IdempotencyKey() => new("--idempotency-key")
    {
        Description = "A retry with the same key is applied once (default: a fresh key, so failing over to the next node never applies twice)",
        HelpName = "K",
    };

    /// <summary>
    /// Every write carries a key, the user's or a fresh one: a node may apply a write and die
    /// before answering, and the next node tried must then answer the first result, not apply
    /// it again.
    /// </summary>
    private static Dictionary<string, string> Headers(CommandContext context, Option<string> key) =>
        new() { ["Idempotency-Key"] = context.Value(key) ?? $"raft3d-cli-{Guid.NewGuid():N}" };
}
