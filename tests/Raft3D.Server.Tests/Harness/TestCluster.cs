using System.Text.Json;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Harness;

/// <summary>
/// A cluster of real nodes in the test process, each with its own ports, SQLite file and log.
/// All start with -bootstrap and the same raft3d.node.bootstrap-members list (a -config file),
/// so the cluster forms in one election.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TempFolder _folder = new("raft3d-cluster");

    private TestCluster(int size, string extraHocon, Func<string, string>? nodeHocon)
    {
        for (var i = 1; i <= size; i++)
            Nodes.Add(new TestNode($"node{i}", FreePorts.Next(), FreePorts.Next(), _folder.Path, nodeHocon is null ? ConfigFile : NodeConfigFile($"node{i}")));
        var members = string.Join("\n", Nodes.Select(n => $"      {{ id = {n.Id}, raft = \"{n.RaftAddress}\", http = \"{n.HttpAddress}\" }}"));
        File.WriteAllText(ConfigFile, $$"""
            raft3d {
              node.bootstrap-members = [
            {{members}}
              ]
              api.request-timeout = {{RequestTimeout.TotalSeconds}}s
              api.retry-after = 1s
            }
            {{extraHocon}}
            """);
        // A node's own settings go in a file of its own, layered over the cluster's.
        if (nodeHocon is not null)
            foreach (var node in Nodes) File.WriteAllText(NodeConfigFile(node.Id), File.ReadAllText(ConfigFile) + "\n" + nodeHocon(node.Id));
    }

    private string NodeConfigFile(string id) => _folder.Combine($"{id}.conf");

    /// <summary>The bound on a write or read while the cluster cannot serve it.</summary>
    public static TimeSpan RequestTimeout { get; } = TimeSpan.FromSeconds(3);

    public List<TestNode> Nodes { get; } = [];

    public string Root => _folder.Path;

    public string ConfigFile => _folder.Combine("cluster.conf");

    public TestNode this[string id] => Nodes.Single(n => n.Id == id);

    /// <summary>Starts the cluster; nodeHocon, when given, adds HOCON of each node's own (by id).</summary>
    public static async Task<TestCluster> StartAsync(int size = 3, string extraHocon = "", Func<string, string>? nodeHocon = null)
    {
        var cluster = new TestCluster(size, extraHocon, nodeHocon);
        await Task.WhenAll(cluster.Nodes.Select(n => n.StartAsync("-bootstrap")));
        await cluster.LeaderAsync();
        await cluster.NewerCommandsAcceptedAsync();
        return cluster;
    }

    /// <summary>
    /// Waits until every node accepts the commands the previous release cannot apply: a node
    /// refuses them (503 "Upgrade in progress") until it has heard from every member which
    /// release it runs, which a loaded machine can take longer than one request's timeout. A
    /// PATCH of a printer that does not exist answers 404 once they are accepted.
    /// </summary>
    public Task NewerCommandsAcceptedAsync()
    {
        var last = "no answer yet";
        return Eventually.True(async () =>
        {
            foreach (var node in Nodes.Where(n => n.IsRunning))
            {
                using var patch = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/printers/no-such-printer")
                {
                    Content = new StringContent("""{"model":"MK4"}""", System.Text.Encoding.UTF8, "application/json"),
                };
                using var answer = await node.Http.SendAsync(patch);
                if (answer.StatusCode == System.Net.HttpStatusCode.NotFound) continue;
                last = $"{node.Id} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}";
                return false;
            }
            return true;
        }, TimeSpan.FromSeconds(60), () => $"every node accepting PATCH (it knows every member's release); last: {last}");
    }

    /// <summary>A node that is not in the bootstrap list, for -join tests.</summary>
    public TestNode NewNode(string id) => new(id, FreePorts.Next(), FreePorts.Next(), _folder.Path, ConfigFile);

    /// <summary>Waits until every running node names the same leader, which says it leads; returns it.</summary>
    public Task<TestNode> LeaderAsync(TimeSpan? timeout = null) => Eventually.Get(async () =>
    {
        string? leader = null;
        foreach (var node in Nodes.Where(n => n.IsRunning))
        {
            var status = await node.StatusAsync();
            if (status.GetProperty("leader").ValueKind != JsonValueKind.Object) return null;
            var id = status.GetProperty("leader").GetProperty("id").GetString();
            if (leader is not null && id != leader) return null;
            leader = id;
        }
        if (leader is null) return null;
        var candidate = Nodes.SingleOrDefault(n => n.Id == leader && n.IsRunning);
        if (candidate is null) return null;
        return (await candidate.StatusAsync()).GetProperty("is_leader").GetBoolean() ? candidate : null;
    }, timeout ?? TimeSpan.FromSeconds(60), "a leader every running node agrees on");

    public async Task<TestNode> FollowerAsync()
    {
        var leader = await LeaderAsync();
        return Nodes.First(n => n.IsRunning && n != leader);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Nodes.Select(n => n.DisposeAsync().AsTask()));
        _folder.Dispose();
    }
}
