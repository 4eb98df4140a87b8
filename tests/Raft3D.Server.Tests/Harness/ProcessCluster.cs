using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Harness;

/// <summary>
/// Nodes as real processes under one temporary folder. <see cref="BootstrapAsync"/> starts a
/// cluster that forms in one election (every node bootstraps with the same member list).
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly TempFolder _folder = new("raft3d-proc");

    public List<ProcessNode> Nodes { get; } = [];

    public string Root => _folder.Path;

    public string Combine(params string[] parts) => _folder.Combine(parts);

    public ProcessNode Add(string id)
    {
        var node = new ProcessNode(id, _folder.Path);
        Nodes.Add(node);
        return node;
    }

    public async Task BootstrapAsync(params string[] ids)
    {
        var nodes = ids.Select(Add).ToList();
        var members = string.Join("\n", nodes.Select(n => $"  {{ id = {n.Id}, raft = \"{n.RaftAddress}\", http = \"{n.HttpAddress}\" }}"));
        var config = Combine("bootstrap.conf");
        await File.WriteAllTextAsync(config, $"raft3d.node.bootstrap-members = [\n{members}\n]\n");
        await Task.WhenAll(nodes.Select(n => n.StartAsync("-bootstrap", "-config", config)));
        await LeaderAsync(nodes);
        await SettingsAppliedAsync(nodes);
    }

    /// <summary>
    /// Waits until every node has applied the cluster's first settings entry, which its first
    /// leader proposes within seconds: the objects a test writes keep their versions from then on
    /// (the entry gives every object that exists its index as version, docs/operations.md).
    /// </summary>
    public static Task SettingsAppliedAsync(IReadOnlyList<ProcessNode> nodes) => Eventually.True(async () =>
    {
        foreach (var node in nodes.Where(n => n.IsRunning))
        {
            var settings = await node.Http.GetFromJsonAsync<JsonElement>("/cluster/settings?consistency=local");
            if (settings.GetProperty("source").GetString() != "cluster") return false;
        }
        return true;
    }, TimeSpan.FromSeconds(60), "every node to apply the cluster's first settings");

    /// <summary>Waits until every given running node names the same leader, which says it leads.</summary>
    public static Task<ProcessNode> LeaderAsync(IReadOnlyList<ProcessNode> nodes) => Eventually.Get(async () =>
    {
        string? leader = null;
        foreach (var node in nodes.Where(n => n.IsRunning))
        {
            var status = await node.StatusAsync();
            if (status.GetProperty("leader").ValueKind != JsonValueKind.Object) return null;
            var id = status.GetProperty("leader").GetProperty("id").GetString();
            if (leader is not null && id != leader) return null;
            leader = id;
        }
        var candidate = nodes.SingleOrDefault(n => n.Id == leader && n.IsRunning);
        if (candidate is null) return null;
        return (await candidate.StatusAsync()).GetProperty("is_leader").GetBoolean() ? candidate : null;
    }, TimeSpan.FromSeconds(30), "a leader every running node agrees on");

    /// <summary>
    /// Removes a server through whichever node leads, as a client following the API's advice
    /// would: a 503 (no leader, or an outcome not known yet: a loaded machine can lose a leader
    /// at any time) is tried again through the leader of the moment, and a 404 after such a 503
    /// means the earlier attempt committed. Returns the node that answered 200 or 404.
    /// </summary>
    public static async Task<ProcessNode> RemoveServerAsync(IReadOnlyList<ProcessNode> nodes, string id)
    {
        var last = "no answer";
        var unavailable = false;
        return await Eventually.Get(async () =>
        {
            var leader = await LeaderAsync(nodes);
            using var answer = await leader.Http.DeleteAsync($"/cluster/servers?id={id}");
            last = $"{(int)answer.StatusCode} from {leader.Id}: {await answer.Content.ReadAsStringAsync()}";
            if (answer.StatusCode == HttpStatusCode.OK || (unavailable && answer.StatusCode == HttpStatusCode.NotFound)) return leader;
            unavailable |= answer.StatusCode == HttpStatusCode.ServiceUnavailable;
            return null;
        }, TimeSpan.FromSeconds(60), () => $"{id} removed (last answer: {last})", TimeSpan.FromMilliseconds(250));
    }

    /// <summary>Waits until node's status lists exactly these voters (and no learner).</summary>
    public static Task VotersAsync(ProcessNode node, params string[] ids) => Eventually.True(async () =>
    {
        var members = (await node.StatusAsync()).GetProperty("members").EnumerateArray().ToList();
        return members.Count == ids.Length && members.All(m => m.GetProperty("voter").GetBoolean() && ids.Contains(m.GetProperty("id").GetString()));
    }, TimeSpan.FromSeconds(60), () => $"{node.Id} to list the voters {string.Join(", ", ids)}");

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Nodes.Select(n => n.DisposeAsync().AsTask()));
        _folder.Dispose();
    }
}
