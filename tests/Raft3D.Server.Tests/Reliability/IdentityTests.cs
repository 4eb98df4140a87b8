using System.Text.Json;
using Raft3D.Server.Hosting;
using Raft3D.Server.Tests.Harness;
using Xunit.Abstractions;

namespace Raft3D.Server.Tests.Reliability;

/// <summary>cluster_id in the status, and joins refused for a voter that lost its data or a node of another cluster.</summary>
public sealed class IdentityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Every_member_shows_the_same_cluster_id_and_a_voter_back_without_its_data_is_refused_and_exits_4()
    {
        var ids = new List<string?>();
        foreach (var node in _cluster.Nodes) ids.Add((await node.StatusAsync()).GetProperty("cluster_id").GetString());
        Assert.Single(ids.Distinct());
        Assert.Matches("^[0-9a-f]{32}$", ids[0]);

        var victim = _cluster.Nodes[2];
        await victim.StopAsync();
        var joinTo = _cluster.Nodes[0].HttpAddress;
        var code = await Raft3DApp.RunAsync(victim.Args("-clean", "-join", joinTo), TextWriter.Null, TextWriter.Null);

        Assert.Equal(NodeExit.JoinRefused, code);
        var line = Assert.Single((await File.ReadAllLinesAsync(victim.LogFile)).Where(l => l.Contains("Join refused")).ToList());
        Assert.Contains($"{victim.Id} is a voter of this cluster but came back without its data: remove it first", line);
        output.WriteLine(line);
    }

    [Fact]
    public async Task A_join_from_a_node_with_another_clusters_data_is_409_naming_both_ids()
    {
        var node = _cluster.Nodes[0];
        var ours = (await node.StatusAsync()).GetProperty("cluster_id").GetString();

        var answer = await node.Http.PostAsync("/join", new StringContent(
            """{"node_id":"stranger","addr":"127.0.0.1:7999","http_addr":"127.0.0.1:8999","cluster_id":"0123456789abcdef0123456789abcdef"}""",
            System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, answer.StatusCode);
        var detail = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Contains($"stranger's data belongs to another cluster (cluster_id 0123456789abcdef0123456789abcdef; this cluster is {ours})", detail);
        var status = await node.StatusAsync();
        Assert.DoesNotContain(status.GetProperty("members").EnumerateArray(), m => m.GetProperty("id").GetString() == "stranger");
    }
}
