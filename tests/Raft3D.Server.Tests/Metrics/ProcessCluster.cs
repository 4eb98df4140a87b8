using System.Net.Http.Json;
using System.Text.Json;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Metrics;

/// <summary>Three nodes as three processes, bootstrapped together from one raft3d.node.bootstrap-members list.</summary>
public sealed class ProcessCluster : IAsyncLifetime
{
    private readonly TempFolder _folder = new("raft3d-metrics");

    public List<NodeProcess> Nodes { get; } = [];

    public string Root => _folder.Path;

    public async Task InitializeAsync()
    {
        var config = _folder.Combine("cluster.conf");
        for (var i = 1; i <= 3; i++) Nodes.Add(new NodeProcess($"node{i}", FreePorts.Next(), FreePorts.Next(), _folder.Path, config));
        var members = string.Join("\n", Nodes.Select(n => $"    {{ id = {n.Id}, raft = \"{n.RaftAddress}\", http = \"{n.HttpAddress}\" }}"));
        await File.WriteAllTextAsync(config, $"raft3d.node.bootstrap-members = [\n{members}\n]\nraft3d.api.request-timeout = 3s\n");
        foreach (var node in Nodes) node.Start();
        await LeaderAsync();
    }

    /// <summary>The node every running node names as leader.</summary>
    public Task<NodeProcess> LeaderAsync() => Eventually.Get(async () =>
    {
        string? leader = null;
        foreach (var node in Nodes.Where(n => n.IsRunning))
        {
            var status = await node.Http.GetFromJsonAsync<JsonElement>("/cluster/status");
            if (status.GetProperty("leader").ValueKind != JsonValueKind.Object) return null;
            var id = status.GetProperty("leader").GetProperty("id").GetString();
            if (leader is not null && id != leader) return null;
            leader = id;
        }
        return Nodes.SingleOrDefault(n => n.Id == leader && n.IsRunning);
    }, TimeSpan.FromSeconds(60), () => $"a leader every running node agrees on; output:\n{string.Join("\n", Nodes.Select(n => $"{n}: {n.Output}"))}");

    public Task DisposeAsync()
    {
        foreach (var node in Nodes) node.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
