using System.Net;
using System.Text.Json;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Api;

/// <summary>SPEC §4 status, leadership and snapshots, health, and the API's documentation.</summary>
[Collection(SharedCluster.Name)]
public sealed class ClusterApiTests(ClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Status_reports_every_field_on_every_node()
    {
        var (leader, statuses) = await ConsistentStatusesAsync();
        foreach (var (node, status) in statuses)
        {
            Assert.Equal(node.Id, status.GetProperty("node_id").GetString());
            Assert.Equal(node == leader ? "Leader" : "Follower", status.GetProperty("state").GetString());
            Assert.Equal(node == leader, status.GetProperty("is_leader").GetBoolean());
            Assert.True(status.GetProperty("term").GetInt64() >= 1);
            var leaderView = status.GetProperty("leader");
            Assert.Equal(leader.Id, leaderView.GetProperty("id").GetString());
            Assert.Equal(leader.RaftAddress, leaderView.GetProperty("raft_address").GetString());
            Assert.Equal(leader.HttpAddress, leaderView.GetProperty("http_address").GetString());
            foreach (var field in new[] { "commit_index", "applied_index", "last_log_index", "snapshot_index" })
                Assert.True(status.GetProperty(field).GetInt64() >= 0, field);
            Assert.True(status.GetProperty("last_log_index").GetInt64() >= status.GetProperty("commit_index").GetInt64());
            var members = status.GetProperty("members").EnumerateArray().ToList();
            Assert.Equal(["node1", "node2", "node3"], members.Select(m => m.GetProperty("id").GetString()).Order());
            foreach (var member in members)
            {
                var expected = Cluster[member.GetProperty("id").GetString()!];
                Assert.Equal(expected.RaftAddress, member.GetProperty("raft_address").GetString());
                Assert.Equal(expected.HttpAddress, member.GetProperty("http_address").GetString());
                Assert.True(member.GetProperty("voter").GetBoolean());
                Assert.Equal("voter", member.GetProperty("suffrage").GetString());
                Assert.True(member.TryGetProperty("match_index", out _));
                Assert.True(member.TryGetProperty("last_contact", out _));
                Assert.Contains(member.GetProperty("healthy").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            }
        }
        var fromLeader = (await leader.GetAsync("/cluster/status")).Is(HttpStatusCode.OK);
        await Eventually.True(async () =>
        {
            var status = (await leader.GetAsync("/cluster/status")).Json;
            return status.GetProperty("members").EnumerateArray().All(m => m.GetProperty("healthy").GetBoolean() && m.GetProperty("match_index").ValueKind == JsonValueKind.Number);
        }, TimeSpan.FromSeconds(10), "the leader to see every member healthy with a match index");
        Assert.Equal(3, fromLeader.GetProperty("members").GetArrayLength());
    }

    /// <summary>
    /// Every node's status, read one after another in a single term under one leader. An
    /// election between two reads (a loaded machine can miss a heartbeat) makes the reads
    /// disagree about who leads; such a set is read again rather than asserted on.
    /// </summary>
    private Task<StatusSet> ConsistentStatusesAsync() => Eventually.Get(async () =>
    {
        var leader = await Cluster.LeaderAsync();
        var statuses = new List<(TestNode Node, JsonElement Status)>();
        foreach (var node in Cluster.Nodes)
            statuses.Add((node, (await node.GetAsync("/cluster/status")).Is(HttpStatusCode.OK)));
        var terms = statuses.Select(s => s.Status.GetProperty("term").GetInt64()).Distinct().Count();
        var leaders = statuses.Select(s => s.Status.GetProperty("leader") is { ValueKind: JsonValueKind.Object } view
            ? view.GetProperty("id").GetString() : null).Distinct();
        return terms == 1 && leaders.SequenceEqual([leader.Id]) ? new StatusSet(leader, statuses) : null;
    }, TimeSpan.FromSeconds(20), "every node's status in one term under one leader");

    private sealed record StatusSet(TestNode Leader, List<(TestNode Node, JsonElement Status)> Statuses);

    [Fact]
    public async Task Leadership_moves_on_request_and_an_idempotent_retry_survives_it()
    {
        var leader = await Cluster.LeaderAsync();
        var key = Guid.NewGuid().ToString();
        var model = $"m-{Guid.NewGuid():N}";
        var json = $$"""{"company":"Voron","model":"{{model}}"}""";
        var first = await leader.PostAsync("/api/v1/printers", json, key);
        first.Is(HttpStatusCode.Created);

        var target = Cluster.Nodes.First(n => n != leader);
        var moved = (await Cluster.Nodes.First(n => n != target).PostAsync($"/cluster/leadership?to={target.Id}", null)).Is(HttpStatusCode.OK);
        Assert.Equal(target.Id, moved.GetProperty("leader").GetString());
        Assert.Equal(target, await Cluster.LeaderAsync());

        var retry = await leader.PostAsync("/api/v1/printers", json, key);
        Assert.Equal(HttpStatusCode.Created, retry.Status);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal("true", retry.Header("Idempotent-Replayed"));
        var printers = (await target.GetAsync("/api/v1/printers")).Is(HttpStatusCode.OK);
        Assert.Single(printers.EnumerateArray(), p => p.GetProperty("model").GetString() == model);

        var toBest = (await target.PostAsync("/cluster/leadership", null)).Is(HttpStatusCode.OK);
        Assert.NotEqual(target.Id, toBest.GetProperty("leader").GetString());
        await Cluster.LeaderAsync();
    }

    [Fact]
    public async Task Cluster_operations_refuse_bad_requests()
    {
        var node = Cluster.Nodes[0];
        (await node.PostAsync("/cluster/leadership?to=node9", null)).IsProblem(HttpStatusCode.NotFound, "to");
        (await node.DeleteAsync("/cluster/servers")).IsProblem(HttpStatusCode.BadRequest, "id");
        (await node.DeleteAsync("/cluster/servers?id=node9")).IsProblem(HttpStatusCode.NotFound, "id");
        (await node.PostAsync("/join", "{")).IsProblem(HttpStatusCode.BadRequest);
        (await node.PostAsync("/join", """{"node_id":"node9"}""")).IsProblem(HttpStatusCode.BadRequest, "addr");
        (await node.PostAsync("/join", """{"node_id":"node9","addr":"nowhere"}""")).IsProblem(HttpStatusCode.BadRequest, "addr");
        (await node.PostAsync("/join", """{"node_id":"bad id","addr":"127.0.0.1:1"}""")).IsProblem(HttpStatusCode.BadRequest, "node_id");
        // The same node at other addresses: refused, remove it first.
        (await node.PostAsync("/join", """{"node_id":"node2","addr":"127.0.0.1:1","http_addr":"127.0.0.1:2"}""")).IsProblem(HttpStatusCode.Conflict, detailContains: "remove it first");
        // The same node at the same addresses: nothing to do.
        var same = Cluster["node2"];
        var unchanged = (await node.PostAsync("/join", $$"""{"node_id":"node2","addr":"{{same.RaftAddress}}","http_addr":"{{same.HttpAddress}}"}""")).Is(HttpStatusCode.OK);
        Assert.Equal(3, unchanged.GetProperty("voters").GetArrayLength());
    }

    [Fact]
    public async Task A_snapshot_compacts_the_log_and_writes_go_on()
    {
        var node = Cluster.Nodes[1];
        (await node.PostAsync("/api/v1/printers", """{"company":"Prusa","model":"snap"}""")).Is(HttpStatusCode.Created);

        var taken = (await node.PostAsync("/cluster/snapshot", null)).Is(HttpStatusCode.OK);

        Assert.Equal(node.Id, taken.GetProperty("node_id").GetString());
        var index = taken.GetProperty("index").GetInt64();
        Assert.True(index > 0);
        var status = (await node.GetAsync("/cluster/status")).Is(HttpStatusCode.OK);
        Assert.True(status.GetProperty("snapshot_index").GetInt64() >= index);
        Assert.True(status.GetProperty("snapshot_term").GetInt64() >= 1);
        Assert.True(status.GetProperty("snapshot_bytes").GetInt64() > 0);
        // What is left of the log is what came after the snapshot.
        var entriesLeft = status.GetProperty("last_log_index").GetInt64() - status.GetProperty("snapshot_index").GetInt64();
        Assert.Equal(entriesLeft, status.GetProperty("log_entries").GetInt64());
        Assert.True(status.GetProperty("log_bytes").GetInt64() <= entriesLeft * 1024, status.ToString());
        (await node.PostAsync("/api/v1/printers", """{"company":"Prusa","model":"after-snap"}""")).Is(HttpStatusCode.Created);
        var printers = (await Cluster.Nodes[2].GetAsync("/api/v1/printers")).Is(HttpStatusCode.OK);
        Assert.Contains(printers.EnumerateArray(), p => p.GetProperty("model").GetString() == "snap");
    }

    [Fact]
    public async Task Health_endpoints_report_live_and_ready()
    {
        foreach (var node in Cluster.Nodes)
        {
            Assert.Equal("live", (await node.GetAsync("/health/live")).Is(HttpStatusCode.OK).GetProperty("status").GetString());
            await Eventually.True(async () => (await node.GetAsync("/health/ready")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(10), $"{node.Id} ready");
            var ready = (await node.GetAsync("/health/ready")).Is(HttpStatusCode.OK);
            Assert.Equal("ready", ready.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(ready.GetProperty("leader").GetString()));
        }
    }

    [Fact]
    public async Task The_api_is_documented()
    {
        var node = Cluster.Nodes[0];
        var document = (await node.GetAsync("/openapi/v1.json")).Is(HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/api/v1/printers", "/api/v1/printers/{id}", "/api/v1/filaments", "/api/v1/filaments/{id}", "/api/v1/print_jobs",
                     "/api/v1/print_jobs/{id}", "/api/v1/print_jobs/{id}/status", "/cluster/status", "/join", "/cluster/servers",
                     "/cluster/leadership", "/cluster/snapshot", "/health/live", "/health/ready",
                 })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        var createPrinter = paths.GetProperty("/api/v1/printers").GetProperty("post");
        Assert.True(createPrinter.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));

        var page = await node.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("text/html", page.MediaType);
        Assert.Contains("openapi/v1.json", page.Body);
        var script = await node.GetAsync("/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.Status);
        var root = await node.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, root.Status);
        Assert.Equal("text/html", root.MediaType);
    }
}
