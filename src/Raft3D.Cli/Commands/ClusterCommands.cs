using System.CommandLine;
using System.Text.Json;
using Raft3D.Cli.Output;

namespace Raft3D.Cli.Commands;

/// <summary>`raft3d cluster …`: inspect and change the cluster (SPEC §4).</summary>
public static class ClusterCommands
{
    public static Command Build(CommandTree tree)
    {
        var cluster = new Command("cluster", "Inspect and change the cluster: members, leader, snapshots, backups, settings");

        var show = new Command("show", "Members: id, role, suffrage, addresses, match index, lag, last contact, health (as the leader sees them)");
        tree.Handle(show, ShowAsync);
        var leader = new Command("leader", "The current leader (exit 1 when none is known)");
        tree.Handle(leader, LeaderAsync);
        var status = new Command("status", "This node's Raft state: role, term, indexes, leader");
        tree.Handle(status, StatusAsync);

        var join = new Command("join", "Add a node: it joins as a learner, then becomes a voter once caught up");
        var joinId = new Argument<string>("id") { Description = "The new node's id" };
        var joinRaft = new Argument<string>("raft") { Description = "Its Raft address, host:port" };
        var joinHttp = new Argument<string>("http") { Description = "Its HTTP address, host:port" };
        join.Arguments.Add(joinId);
        join.Arguments.Add(joinRaft);
        join.Arguments.Add(joinHttp);
        tree.Handle(join, context => JoinAsync(context, context.Value(joinId), context.Value(joinRaft), context.Value(joinHttp)));

        var remove = new Command("remove", "Remove a node from the cluster");
        var removeId = new Argument<string>("id") { Description = "The node's id" };
        remove.Arguments.Add(removeId);
        tree.Handle(remove, context => RemoveAsync(context, context.Value(removeId)));

        var transfer = new Command("transfer-leadership", "Hand leadership to another voter (the most up to date one without --to)");
        var to = new Option<string>("--to") { Description = "The voter to hand it to", HelpName = "id" };
        transfer.Options.Add(to);
        tree.Handle(transfer, context => TransferAsync(context, context.Value(to)));

        var snapshot = new Command("snapshot", "Snapshot the state and compact the log now");
        tree.Handle(snapshot, SnapshotAsync);

        cluster.Subcommands.Add(show);
        cluster.Subcommands.Add(leader);
        cluster.Subcommands.Add(status);
        cluster.Subcommands.Add(join);
        cluster.Subcommands.Add(remove);
        cluster.Subcommands.Add(transfer);
        cluster.Subcommands.Add(snapshot);
        cluster.Subcommands.Add(BackupCommand.Build(tree));
        cluster.Subcommands.Add(SettingsCommand.Build(tree));
        return cluster;
    }

    private static async Task<int> StatusAsync(CommandContext context)
    {
        var response = await context.Client.SendAsync(HttpMethod.Get, "/cluster/status");
        return context.Print(response, status =>
        {
            foreach (var field in new[] { "node_id", "state", "term", "is_leader", "commit_index", "applied_index", "last_log_index", "snapshot_index" })
                if (status.TryGetProperty(field, out var value)) context.Stdout.WriteLine($"{field,-15} {JsonView.Text(value)}");
            context.Stdout.WriteLine($"{"leader",-15} {LeaderText(status)}");
            context.Stdout.WriteLine($"{"members",-15} {(status.TryGetProperty("members", out var members) ? members.GetArrayLength() : 0)}");
        });
    }

    private static async Task<int> LeaderAsync(CommandContext context)
    {
        var response = await context.Client.SendAsync(HttpMethod.Get, "/cluster/status");
        if (!response.IsSuccess) return context.Print(response);
        using var document = JsonDocument.Parse(response.Body);
        var leader = document.RootElement.TryGetProperty("leader", out var l) ? l : default;
        if (leader.ValueKind != JsonValueKind.Object)
        {
            if (context.Json) context.Stdout.WriteLine("null");
            else context.Stderr.WriteLine("no leader is known right now");
            return ExitCodes.Refused;
        }
        if (context.Json) context.Stdout.WriteLine(leader.GetRawText());
        else context.Stdout.WriteLine(LeaderText(document.RootElement));
        return ExitCodes.Ok;
    }

    /// <summary>The leader's view is the full one (match indexes, contact): ask the leader.</summary>
    private static async Task<int> ShowAsync(CommandContext context)
    {
        var response = await context.Client.SendAsync(HttpMethod.Get, "/cluster/status");
        if (response.IsSuccess && LeaderHttp(response.Body) is { } leaderHttp && leaderHttp != response.Node)
        {
            try
            {
                var fromLeader = await context.Client.SendAsync(HttpMethod.Get, "/cluster/status", onlyNode: leaderHttp);
                if (fromLeader.IsSuccess) response = fromLeader;
            }
            catch (Http.NodesUnreachableException)
            {
                // The leader's HTTP address is not reachable from here: show the node's own view.
            }
        }
        return context.Print(response, status =>
        {
            var leaderId = status.TryGetProperty("leader", out var leader) && leader.ValueKind == JsonValueKind.Object ? JsonView.Cell(leader, "id") : null;
            var last = status.TryGetProperty("last_log_index", out var l) && l.TryGetInt64(out var n) ? n : (long?)null;
            var rows = new List<IReadOnlyList<string>>();
            foreach (var member in status.GetProperty("members").EnumerateArray())
            {
                var id = JsonView.Cell(member, "id");
                var voter = member.TryGetProperty("voter", out var v) && v.ValueKind == JsonValueKind.True;
                var match = member.TryGetProperty("match_index", out var m) && m.TryGetInt64(out var mi) ? mi : (long?)null;
                rows.Add([
                    id,
                    id == leaderId ? "leader" : voter ? "follower" : "learner",
                    voter ? "voter" : "learner",
                    JsonView.Cell(member, "raft_address"),
                    JsonView.Cell(member, "http_address"),
                    match?.ToString() ?? "-",
                    match is { } mm && last is { } ll ? (ll - mm).ToString() : "-",
                    Ago(member),
                    JsonView.Cell(member, "healthy"),
                ]);
            }
            context.Stdout.WriteLine($"term {JsonView.Cell(status, "term")}, leader {leaderId ?? "(none)"}, commit index {JsonView.Cell(status, "commit_index")}, as seen by {JsonView.Cell(status, "node_id")}");
            TableWriter.Write(context.Console, ["ID", "ROLE", "SUFFRAGE", "RAFT ADDRESS", "HTTP ADDRESS", "MATCH", "LAG", "LAST CONTACT", "HEALTHY"], rows, MemberStyle);
        });
    }

    private static async Task<int> JoinAsync(CommandContext context, string id, string raft, string http)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["node_id"] = id,
            ["addr"] = raft,
            ["http_addr"] = http,
        });
        return context.Print(await context.Client.SendAsync(HttpMethod.Post, "/join", body));
    }

    private static async Task<int> RemoveAsync(CommandContext context, string id)
    {
        return context.Print(await context.Client.SendAsync(HttpMethod.Delete, "/cluster/servers" + CommandContext.Query(("id", id))));
    }

    private static async Task<int> TransferAsync(CommandContext context, string? to)
    {
        return context.Print(await context.Client.SendAsync(HttpMethod.Post, "/cluster/leadership" + CommandContext.Query(("to", to))));
    }

    private static async Task<int> SnapshotAsync(CommandContext context)
    {
        return context.Print(await context.Client.SendAsync(HttpMethod.Post, "/cluster/snapshot"));
    }

    /// <summary>The cells worth a glance: the leader, a learner still catching up, an unhealthy member.</summary>
    public static string? MemberStyle(int column, string cell) => (column, cell) switch
    {
        (1, "leader") => "green",
        (1 or 2, "learner") => "yellow",
        (8, "no") => "red",
        (8, "yes") => "green",
        _ => null,
    };

    private static string? LeaderHttp(string statusBody)
    {
        using var document = JsonDocument.Parse(statusBody);
        return document.RootElement.TryGetProperty("leader", out var leader) && leader.ValueKind == JsonValueKind.Object
            ? JsonView.Cell(leader, "http_address") is { Length: > 0 } http ? http : null
            : null;
    }

    private static string LeaderText(JsonElement status) =>
        status.TryGetProperty("leader", out var leader) && leader.ValueKind == JsonValueKind.Object
            ? $"{JsonView.Cell(leader, "id")} (raft {JsonView.Cell(leader, "raft_address")}, http {JsonView.Cell(leader, "http_address")})"
            : "(none known)";

    private static string Ago(JsonElement member)
    {
        if (!member.TryGetProperty("last_contact", out var contact) || contact.ValueKind != JsonValueKind.String) return "-";
        return DateTimeOffset.TryParse(contact.GetString(), out var at)
            ? $"{Math.Max(0, (DateTimeOffset.UtcNow - at).TotalSeconds):0.0}s ago"
            : contact.GetString() ?? "-";
    }
}
