using System.Net;
using System.Text;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Metrics;

/// <summary>GET /metrics on a real 3-node cluster of processes, checked by Prometheus's own parser and server.</summary>
public sealed class MetricsEndpointTests(ProcessCluster cluster) : IClassFixture<ProcessCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    /// <summary>What SPEC §9 asks every node for (series that exist on any node, leader or not).</summary>
    private static readonly string[] Required =
    [
        "raft3d_term", "raft3d_is_leader", "raft3d_role", "raft3d_commit_index", "raft3d_applied_index", "raft3d_last_log_index",
        "raft3d_leader_changes_total", "raft3d_proposals_committed_total", "raft3d_proposals_failed_total",
        "raft3d_journal_write_duration_seconds", "raft3d_snapshots_taken_total", "raft3d_snapshots_installed_total",
        "raft3d_forwarded_requests_total", "raft3d_linearizable_reads_total", "raft3d_farm_printers", "raft3d_farm_filaments",
        "raft3d_farm_jobs", "raft3d_farm_filament_remaining_grams", "raft3d_farm_filament_reserved_grams",
        "http_server_request_duration_seconds", "dotnet_gc_collections_total",
    ];

    [Fact]
    public async Task Every_node_serves_valid_Prometheus_text_that_follows_writes_a_leader_kill_and_a_snapshot()
    {
        var leader = await cluster.LeaderAsync();
        var followers = cluster.Nodes.Where(n => n != leader).ToList();
        var before = await ScrapeAllAsync();
        foreach (var node in cluster.Nodes)
        {
            await AssertValidAsync(node, before[node]);
            Assert.All(Required, name => Assert.Contains(name, PrometheusText.Families(before[node])));
        }
        var committedBefore = Value(before[leader], "raft3d_proposals_committed_total", leader);
        // The other tests of the class may have added printers (only printers) to the shared cluster.
        // Counted by the API, not the gauge: under load a scrape may report the previous count.
        using var listed = await leader.Http.GetAsync("/api/v1/printers?limit=1");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var printers = double.Parse(listed.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);

        await PostAsync(followers[0], "/api/v1/printers", """{"id":"p1","company":"Prusa","model":"MK4"}""");
        await PostAsync(leader, "/api/v1/filaments", """{"id":"f1","type":"PLA","color":"red","total_weight_in_grams":1000}""");
        await PostAsync(followers[1], "/api/v1/print_jobs", """{"id":"j1","printer_id":"p1","filament_id":"f1","filepath":"a.gcode","print_weight_in_grams":120}""");
        await PostAsync(followers[0], "/api/v1/print_jobs/j1/status?status=running", null, HttpStatusCode.OK);
        var read = await followers[1].Http.GetAsync("/api/v1/printers/p1");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        var commit = Value(await leader.MetricsAsync(), "raft3d_commit_index", leader);
        Assert.True(commit >= Value(before[leader], "raft3d_commit_index", leader) + 4, $"the leader's commit index is {commit}");
        await Eventually.True(async () =>
        {
            foreach (var node in cluster.Nodes)
            {
                var text = await node.MetricsAsync();
                if (Value(text, "raft3d_applied_index", node) < commit || Value(text, "raft3d_farm_printers", node) != printers + 1
                    || Value(text, "raft3d_farm_jobs", node, ("status", "running")) != 1 || Value(text, "raft3d_farm_jobs", node, ("status", "queued")) != 0
                    || Value(text, "raft3d_farm_filament_remaining_grams", node) != 1000 || Value(text, "raft3d_farm_filament_reserved_grams", node) != 120)
                    return false;
            }
            return true;
        }, Patience, "every node's applied index and farm gauges to show the four writes");

        var after = await ScrapeAllAsync();
        Assert.Equal(committedBefore + 4, Value(after[leader], "raft3d_proposals_committed_total", leader));
        Assert.True(Value(after[followers[0]], "raft3d_forwarded_requests_total", followers[0], ("kind", "write")) >= 2);
        Assert.True(Value(after[followers[1]], "raft3d_linearizable_reads_total", followers[1]) >= 1);
        Assert.True(Value(after[leader], "raft3d_proposal_batch_size_count", leader) >= 1);
        Assert.Equal(1, Value(after[leader], "raft3d_is_leader", leader));
        Assert.All(followers, f => Assert.Equal(0, Value(after[f], "raft3d_is_leader", f)));
        Assert.All(followers, f => Assert.NotNull(PrometheusText.Value(after[leader], "raft3d_replication_lag", ("node", leader.Id), ("follower", f.Id))));
        Assert.True(PrometheusText.Value(after[followers[0]], "http_server_request_duration_seconds_count",
            ("http_route", "/api/v1/printers"), ("http_request_method", "POST"), ("http_response_status_code", "201")) >= 1);

        // kill -9 of the leader: both survivors see a new leader, in a higher term.
        var changes = followers.ToDictionary(f => f, f => Value(after[f], "raft3d_leader_changes_total", f));
        var oldTerm = Value(after[leader], "raft3d_term", leader);
        leader.Kill();
        var next = await cluster.LeaderAsync();
        await Eventually.True(async () =>
        {
            foreach (var follower in followers)
                if (Value(await follower.MetricsAsync(), "raft3d_leader_changes_total", follower) <= changes[follower]) return false;
            return true;
        }, Patience, "both survivors to count a leader change");
        var nextText = await next.MetricsAsync();
        Assert.Equal(1, Value(nextText, "raft3d_is_leader", next));
        Assert.True(Value(nextText, "raft3d_term", next) > oldTerm);

        // A snapshot on the new leader; the old one, restarted, is behind it and installs it.
        await PostAsync(next, "/api/v1/printers", """{"id":"p2","company":"Prusa","model":"XL"}""");
        var snapshot = await next.Http.PostAsync("/cluster/snapshot", null);
        Assert.True(snapshot.IsSuccessStatusCode, await snapshot.Content.ReadAsStringAsync());
        Assert.True(Value(await next.MetricsAsync(), "raft3d_snapshots_taken_total", next) >= 1);
        leader.Start();
        await Eventually.True(async () =>
        {
            var text = await leader.MetricsAsync();
            return Value(text, "raft3d_snapshots_installed_total", leader) >= 1 && Value(text, "raft3d_farm_printers", leader) == printers + 2;
        }, Patience, () => $"the restarted {leader} to install the new leader's snapshot; output:\n{leader.Output}");
        var installed = await leader.MetricsAsync();
        Assert.True(PrometheusText.Value(installed, "raft3d_snapshot_size_bytes_sum", ("node", leader.Id), ("kind", "installed")) > 0);
        await AssertValidAsync(leader, installed);
    }

    [Fact]
    public async Task Every_metric_the_Grafana_dashboard_queries_is_exported_by_a_node()
    {
        var leader = await cluster.LeaderAsync();
        // A write (group-commit batch, request durations) and a snapshot (its duration and size) give every histogram a series.
        await PostAsync(leader, "/api/v1/printers", $$"""{"id":"g-{{Guid.NewGuid():N}}","company":"Prusa","model":"MK4"}""");
        using (var snapshot = await leader.Http.PostAsync("/cluster/snapshot", null)) Assert.True(snapshot.IsSuccessStatusCode);
        var exported = new HashSet<string>();
        foreach (var node in cluster.Nodes.Where(n => n.IsRunning)) exported.UnionWith(PrometheusText.Families(await node.MetricsAsync()));

        var queries = GrafanaDashboard.Queries(await File.ReadAllTextAsync(RepositoryFiles.Path("deploy", "grafana", "raft3d.json")));
        Assert.NotEmpty(queries);
        foreach (var query in queries)
        {
            var families = GrafanaDashboard.Families(query, exported).ToList();
            Assert.True(families.Count > 0, $"no metric name found in {query}");
            Assert.All(families, family => Assert.True(exported.Contains(family), $"{family} (in {query}) is not exported by any node"));
        }
    }

    [Fact]
    public async Task A_real_Prometheus_scrapes_the_commit_index_of_every_node()
    {
        await cluster.LeaderAsync();
        using var prometheus = new PrometheusServer(cluster.Nodes.Select(n => n.HttpAddress));
        await Eventually.True(async () =>
        {
            var result = await prometheus.QueryAsync("raft3d_commit_index");
            var nodes = result.Select(r => (r.Labels["node"], r.Labels["instance"])).ToHashSet();
            return cluster.Nodes.All(n => nodes.Contains((n.Id, n.HttpAddress)));
        }, TimeSpan.FromSeconds(60), () => $"Prometheus to return raft3d_commit_index for every node; its output:\n{prometheus.Output}");
        var up = await prometheus.QueryAsync("up");
        Assert.All(up, series => Assert.Equal("1", series.Value));
    }

    private async Task<Dictionary<NodeProcess, string>> ScrapeAllAsync()
    {
        var result = new Dictionary<NodeProcess, string>();
        foreach (var node in cluster.Nodes) result[node] = await node.MetricsAsync();
        return result;
    }

    /// <summary>
    /// promtool parses the whole exposition (exit 1 on any error). Its lint findings (exit 3)
    /// may only concern the .NET runtime's own names (dotnet_process_cpu_count and the like,
    /// which the runtime defines), never ours or ASP.NET Core's request metrics.
    /// </summary>
    private static async Task AssertValidAsync(NodeProcess node, string exposition)
    {
        var (exitCode, findings) = await Promtool.CheckMetricsAsync(exposition);
        Assert.True(exitCode is 0 or 3, $"promtool check metrics failed on {node} ({exitCode}): {string.Join("\n", findings)}");
        Assert.All(findings, f => Assert.StartsWith("dotnet_", f));
    }

    private static double Value(string exposition, string name, NodeProcess node, params (string, string)[] labels) =>
        PrometheusText.Value(exposition, name, [("node", node.Id), .. labels]) ?? throw new Xunit.Sdk.XunitException($"{node} exports no {name} {string.Join(",", labels)}");

    private static async Task PostAsync(NodeProcess node, string path, string? json, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await node.Http.PostAsync(path, content);
        Assert.True(response.StatusCode == expected, $"POST {path} on {node}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
