using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Raft3D.Server.Hosting;
using Raft3D.Testing;

namespace Raft3D.Cli.Tests;

/// <summary>
/// The cluster commands against a real three-node cluster in this process: join, show,
/// leader, transfer (named and best), remove, fail-over between nodes and exit codes.
/// </summary>
public sealed class ClusterEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raft3d-cli-cluster", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, (string Http, string Raft, WebApplication App)> _nodes = [];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task StartNodeAsync(string id, params string[] extra)
    {
        var http = $"127.0.0.1:{FreePort()}";
        var raft = $"127.0.0.1:{FreePort()}";
        var app = Raft3DApp.Build([
            "-id", id, "-http", http, "-raft", raft, "-data", Path.Combine(_folder, "data"),
            "-logs", Path.Combine(_folder, "logs"), "-console-level", "error", .. extra,
        ]);
        await app.StartAsync();
        _nodes[id] = (http, raft, app);
    }

    public async Task InitializeAsync()
    {
        await StartNodeAsync("node1", "-bootstrap");
        await StartNodeAsync("node2");
        await StartNodeAsync("node3");
        await UntilAsync(async () => (await RunAsync(["node1"], "cluster", "leader")).Exit == 0, "node1 to lead");
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(IEnumerable<string> via, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var nodes = string.Join(',', via.Select(id => _nodes.TryGetValue(id, out var n) ? n.Http : id));
        var exit = await Raft3DCli.RunAsync(["--node", nodes, .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunAsync(_nodes.Keys.ToList(), args);

    private static Task UntilAsync(Func<Task<bool>> condition, string what) => Eventually.True(condition, Patience, what);

    private async Task<JsonElement[]> MembersAsync()
    {
        var show = await RunAsync("--json", "cluster", "show");
        Assert.Equal(0, show.Exit);
        var json = JsonDocument.Parse(show.Out).RootElement;
        return [.. (json.ValueKind == JsonValueKind.Array ? json : json.GetProperty("members")).EnumerateArray()];
    }

    /// <summary>
    /// `cluster join` through node1. Under load a new voter's election can take leadership in the
    /// middle of a join, which is then answered 503 with its outcome unknown; a join is idempotent,
    /// so it is tried again, as that answer tells a user to. Any other failure fails the test.
    /// </summary>
    private async Task JoinAsync(string id)
    {
        (int Exit, string Out, string Err) join = default;
        await UntilAsync(async () =>
        {
            join = await RunAsync(["node1"], "cluster", "join", id, _nodes[id].Raft, _nodes[id].Http);
            return join.Exit == 0 || !join.Err.Contains("503 ", StringComparison.Ordinal);
        }, $"{id} to be joined");
        Assert.True(join.Exit == 0, join.Err);
    }

    private async Task<string> LeaderAsync()
    {
        var leader = await RunAsync("--json", "cluster", "leader");
        Assert.Equal(0, leader.Exit);
        var json = JsonDocument.Parse(leader.Out).RootElement;
        return (json.TryGetProperty("id", out var id) ? id : json.GetProperty("node_id")).GetString()!;
    }

    [Fact]
    public async Task Join_show_transfer_and_remove_work_against_a_three_node_cluster()
    {
        foreach (var id in new[] { "node2", "node3" })
        {
            await JoinAsync(id);
            await UntilAsync(async () => (await MembersAsync()).Any(m => m.GetProperty("id").GetString() == id && m.GetProperty("voter").GetBoolean()),
                $"{id} to become a voter");
        }
        // Joining a member again changes nothing.
        await JoinAsync("node2");
        Assert.Equal(3, (await MembersAsync()).Length);

        var table = await RunAsync("cluster", "show");
        Assert.Equal(0, table.Exit);
        foreach (var id in _nodes.Keys) Assert.Matches($@"(?m)^{id}\s+(leader|follower)\s+voter\s+{Regex(_nodes[id].Raft)}\s+{Regex(_nodes[id].Http)}", table.Out);
        Assert.Matches(@"(?m)^node1\s+", (await RunAsync(["node3"], "cluster", "leader")).Out);

        // To a named node, then to the best one: through a follower both times.
        var named = await RunAsync(["node3"], "cluster", "transfer-leadership", "--to", "node2");
        Assert.True(named.Exit == 0, named.Err);
        await UntilAsync(async () => await LeaderAsync() == "node2", "node2 to lead");
        var best = await RunAsync(["node1"], "cluster", "transfer-leadership");
        Assert.True(best.Exit == 0, best.Err);
        await UntilAsync(async () => await LeaderAsync() != "node2", "leadership to move away from node2");

        // Fail-over: the first address is dead, the CLI moves on.
        var dead = $"127.0.0.1:{FreePort()}";
        var status = await RunAsync([dead, "node3"], "--json", "cluster", "status");
        Assert.True(status.Exit == 0, status.Err);
        Assert.Equal("node3", JsonDocument.Parse(status.Out).RootElement.GetProperty("node_id").GetString());

        var removed = await RunAsync(["node1"], "cluster", "remove", "node3");
        Assert.True(removed.Exit == 0, removed.Err);
        await UntilAsync(async () => (await MembersAsync()).All(m => m.GetProperty("id").GetString() != "node3"), "node3 to be removed");
        Assert.Equal(2, (await MembersAsync()).Length);
        var unknown = await RunAsync(["node1"], "cluster", "remove", "node9");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("'node9' is not a member", unknown.Err);

        Assert.Equal(2, (await RunAsync(["node1"], "cluster", "frobnicate")).Exit);
        Assert.Equal(3, (await RunAsync([dead], "cluster", "show")).Exit);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    public async Task DisposeAsync()
    {
        foreach (var (_, _, app) in _nodes.Values) await Raft3DApp.DisposeQuietlyAsync(app);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
