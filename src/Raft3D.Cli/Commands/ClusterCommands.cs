using System.Text.Json;
using Raft3D.Cli.Output;

namespace Raft3D.Cli.Commands;

/// <summary>`raft3d cluster …`: inspect and change the cluster (SPEC §4).</summary>
public static class ClusterCommands
{
    public static Task<int> RunAsync(CommandContext context)
    {
        var args = context.Arguments;
        var verb = args.Word(1, "cluster command (show, leader, status, join, remove, transfer-leadership, snapshot, backup)");
        return verb switch
        {
            "show" => ShowAsync(context),
            "status" => StatusAsync(context),
            "leader" => LeaderAsync(context),
            "join" => JoinAsync(context),
            "remove" => RemoveAsync(context),
            "transfer-leadership" => TransferAsync(context),
            "snapshot" => SnapshotAsync(context),
            "backup" => BackupCommand.RunAsync(context),
            _ => throw new UsageException($"unknown cluster command '{verb}'"),
        };
    }

    private static async Task<int> StatusAsync(CommandContext context)
    {
        context.Arguments.NoMoreWordsAfter(2);
        context.Arguments.RejectUnknownOptions();
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
        context.Arguments.NoMoreWordsAfter(2);
        context.Arguments.RejectUnknownOptions();
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
        context.Arguments.NoMoreWordsAfter(2);
        context.Arguments.RejectUnknownOptions();
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
            TableWriter.Write(context.Stdout, ["ID", "ROLE", "SUFFRAGE", "RAFT ADDRESS", "HTTP ADDRESS", "MATCH", "LAG", "LAST CONTACT", "HEALTHY"], rows);
        });
    }

    private static async Task<int> JoinAsync(CommandContext context)
    {
        var args = context.Arguments;
        var body = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["node_id"] = args.Word(2, "node id"),
            ["addr"] = args.Word(3, "Raft address (host:port)"),
            ["http_addr"] = args.Word(4, "HTTP address (host:port)"),
        });
        args.NoMoreWordsAfter(5);
        args.RejectUnknownOptions();
        return context.Print(await context.Client.SendAsync(HttpMethod.Post, "/join", body));
    }

    private static async Task<int> RemoveAsync(CommandContext context)
    {
        var id = context.Arguments.Word(2, "node id");
        context.Arguments.NoMoreWordsAfter(3);
        context.Arguments.RejectUnknownOptions();
        return context.Print(await context.Client.SendAsync(HttpMethod.Delete, "/cluster/servers" + CommandContext.Query(("id", id))));
    }

    private static async Task<int> TransferAsync(CommandContext context)
    {
        var to = context.Arguments.Option("to");
        context.Arguments.NoMoreWordsAfter(2);
        context.Arguments.RejectUnknownOptions();
        return context.Print(await context.Client.SendAsync(HttpMethod.Post, "/cluster/leadership" + CommandContext.Query(("to", to))));
    }

    private static async Task<int> SnapshotAsync(CommandContext context)
    {
        context.Arguments.NoMoreWordsAfter(2);
        context.Arguments.RejectUnknownOptions();
        return context.Print(await context.Client.SendAsync(HttpMethod.Post, "/cluster/snapshot"));
    }

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
