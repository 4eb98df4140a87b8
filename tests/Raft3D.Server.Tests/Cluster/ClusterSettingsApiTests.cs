using System.Net;
using System.Text.Json;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Cluster;

/// <summary>
/// SPEC §11: nodes configured with different idempotency bounds apply one set, the cluster's,
/// changed through the log and kept across restarts.
/// </summary>
public sealed class ClusterSettingsApiTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    // Each node's own raft3d.idempotency.max-entries: 3, 4 and 5.
    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(3,
        nodeHocon: id => $"raft3d.idempotency.max-entries = {2 + int.Parse(id["node".Length..], System.Globalization.CultureInfo.InvariantCulture)}");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Every_node_applies_the_settings_of_the_cluster_whatever_its_own_configuration()
    {
        // The first leader proposes its own bounds; every node then applies those.
        var seeded = await SettledSettingsAsync();
        Assert.Contains(seeded, new[] { 3, 4, 5 });

        var follower = await _cluster.FollowerAsync();
        var changed = await follower.SendAsync(HttpMethod.Patch, "/cluster/settings", """{"idempotency_max_entries":1}""");
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(1, changed.Json.GetProperty("idempotency_max_entries").GetInt32());
        Assert.Equal(86_400, changed.Json.GetProperty("idempotency_max_age_seconds").GetInt64());
        Assert.Equal("cluster", changed.Json.GetProperty("source").GetString());
        Assert.Equal(1, await SettledSettingsAsync());

        // With one key kept, k1 leaves when k2 comes: k2's retry is replayed, k1's is applied
        // again (409, the printer exists), whichever node takes them.
        var node3 = _cluster["node3"];
        Assert.Equal(HttpStatusCode.Created, (await node3.PostAsync("/api/v1/printers", """{"id":"p1","company":"Prusa","model":"MK4"}""", "k1")).Status);
        Assert.Equal(HttpStatusCode.Created, (await node3.PostAsync("/api/v1/printers", """{"id":"p2","company":"Prusa","model":"MK4"}""", "k2")).Status);
        var replayed = await _cluster["node1"].PostAsync("/api/v1/printers", """{"id":"p2","company":"Prusa","model":"MK4"}""", "k2");
        Assert.Equal(HttpStatusCode.Created, replayed.Status);
        Assert.Equal("true", replayed.Header(Raft3D.Server.Api.IdempotencyKeyHeader.ReplayedHeader));
        Assert.Equal(HttpStatusCode.Conflict, (await node3.PostAsync("/api/v1/printers", """{"id":"p1","company":"Prusa","model":"MK4"}""", "k1")).Status);

        // A restarted node reads the cluster's settings back from its own data, not its file.
        await node3.StopAsync();
        await node3.StartAsync("-bootstrap");
        Assert.Equal(1, await SettledSettingsAsync());
    }

    [Theory]
    [InlineData("""{"idempotency_max_entries":0}""", "idempotency_max_entries")]
    [InlineData("""{"idempotency_max_entries":20000000}""", "idempotency_max_entries")]
    [InlineData("""{"idempotency_max_age_seconds":0}""", "idempotency_max_age_seconds")]
    [InlineData("""{"idempotency_max_age_seconds":"1h"}""", "idempotency_max_age_seconds")]
    [InlineData("""{"idempotency_max_entries":99999999999}""", "idempotency_max_entries")]
    [InlineData("""{"source":"cluster"}""", "source")]
    [InlineData("""{}""", null)]
    public async Task Settings_that_cannot_apply_are_refused_naming_the_field(string body, string? field)
    {
        var answer = await _cluster.Nodes[0].SendAsync(HttpMethod.Patch, "/cluster/settings", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        if (field is not null) Assert.Equal(field, answer.Json.GetProperty("field").GetString());
    }

    /// <summary>Waits until every running node, reading locally, shows the same settings set by the cluster; returns the entry bound.</summary>
    private async Task<int> SettledSettingsAsync()
    {
        var last = "";
        var settled = await Eventually.Get(async () =>
        {
            var seen = new HashSet<string>();
            foreach (var node in _cluster.Nodes.Where(n => n.IsRunning))
            {
                var answer = await node.GetAsync("/cluster/settings?consistency=local");
                last = $"{node.Id}: {answer}";
                if (answer.Status != HttpStatusCode.OK || answer.Json.GetProperty("source").GetString() != "cluster") return null;
                seen.Add(answer.Body);
            }
            return seen.Count == 1 ? seen.Single() : null;
        }, TimeSpan.FromSeconds(60), () => $"every node showing the same cluster settings (last: {last})");
        return JsonDocument.Parse(settled).RootElement.GetProperty("idempotency_max_entries").GetInt32();
    }
}
