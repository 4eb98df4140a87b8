using System.Diagnostics;
using System.Net;
using Raft3D.Chaos.Cluster;
using Raft3D.Chaos.Releases;
using Raft3D.Testing;
using Xunit.Abstractions;

namespace Raft3D.Chaos.Tests;

/// <summary>
/// SPEC §11, a cluster mixing this release with the previous one keeps working: the previous
/// release (tag v0.1.0, built from this repository's history) runs a 3-node cluster under a
/// steady stream of writes through every node; its nodes are replaced one at a time by this
/// release, followers first and the leader last (docs/operations.md, "Upgrading"), each with
/// its own id and data. After each step a write through every node is read back alike through
/// every node, and a change only this release knows (PATCH) is refused until the last node is
/// upgraded. The first node upgraded is rolled back and upgraded again on the way, then leads
/// for a while, so that nodes of the previous release forward writes to a leader of this one.
/// Snapshots are taken every few entries, so nodes restart from snapshots of either release and
/// a node rolled back reads what this release wrote. At the end every acknowledged printer is
/// there with the acknowledged fields and the same version on every node.
/// </summary>
public sealed class RollingUpgradeTests(ITestOutputHelper output)
{
    private const string Old = "v0.1.0", New = "this release";
    // Generous: a node starting on a loaded machine can take a minute before it answers.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task The_previous_release_upgrades_node_by_node_under_writes_and_loses_nothing()
    {
        var clock = Stopwatch.StartNew();
        var oldDll = await PreviousRelease.ServerDllAsync(Log);
        var newDll = ServerLocator.Find();
        Log($"{Old}: {oldDll}; {New}: {newDll} ({clock.Elapsed.TotalSeconds:0} s to build)");
        var root = Path.Combine(Path.GetTempPath(), $"raft3d-upgrade-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        using var http = new NodeHttp();
        var cluster = new MixedCluster(root, 3);
        using var stop = new CancellationTokenSource();
        Task? writing = null;
        try
        {
            for (var i = 1; i <= 3; i++) cluster.Start(i, oldDll, Old);
            var leader = await AgreedLeaderAsync(cluster, http);
            Log($"{Old} cluster formed, leader {leader}");
            var writer = new SteadyWriter(cluster, http, "w");
            writing = Task.Run(() => writer.RunAsync(stop.Token));
            await AcknowledgedAsync(writer, 10);

            var leaderNumber = int.Parse(leader[4..], System.Globalization.CultureInfo.InvariantCulture);
            int[] order = [.. Enumerable.Range(1, 3).Where(i => i != leaderNumber), leaderNumber];
            for (var step = 1; step <= order.Length; step++)
            {
                var node = order[step - 1];
                Log($"step {step}: upgrading node{node}");
                await cluster.StopAsync(node);
                cluster.Start(node, newDll, New);
                await CaughtUpAsync(cluster, http, node);
                await MixedOperationAsync(cluster, http, $"{step}");
                if (step < order.Length) await PatchRefusedAsync(cluster, http, node, $"mix-{step}-1");
                if (step == 1)
                {
                    // Rolling back mid-upgrade: the previous release runs on the data this one wrote.
                    Log($"step {step}: rolling node{node} back to {Old}, then upgrading it again");
                    await cluster.StopAsync(node);
                    cluster.Start(node, oldDll, Old);
                    await CaughtUpAsync(cluster, http, node);
                    await MixedOperationAsync(cluster, http, $"{step}-rolled-back");
                    await cluster.StopAsync(node);
                    cluster.Start(node, newDll, New);
                    await CaughtUpAsync(cluster, http, node);

                    // Should leadership reach an upgraded node early, a write through a node of
                    // the previous release is forwarded to it and must still be answered.
                    await LeaderBecomesAsync(cluster, http, node);
                    await MixedOperationAsync(cluster, http, $"{step}-new-leader");
                    await LeaderBecomesAsync(cluster, http, leaderNumber);
                }
                await AcknowledgedAsync(writer, writer.Acknowledged.Count + 5);
                Log($"step {step} done at {clock.Elapsed.TotalSeconds:0} s: {writer.Acknowledged.Count} acknowledged, retries {string.Join(", ", writer.Retries)}");
            }

            // Every member runs this release: the changes it brought are accepted now.
            await PatchAcceptedAsync(cluster, http, "mix-1-1");
            await stop.CancelAsync();
            await writing;
            Assert.True(writer.Errors.IsEmpty, $"writes failed in mixed operation:{Environment.NewLine}{string.Join(Environment.NewLine, writer.Errors)}");
            await NothingLostAsync(cluster, http, writer);
            Log($"done in {clock.Elapsed.TotalSeconds:0} s: {writer.Acknowledged.Count} acknowledged writes, all present on every node");
        }
        catch
        {
            for (var i = 1; i <= cluster.Count; i++)
                if (File.Exists(cluster.OutFile(i))) Log($"---- node{i} console:{Environment.NewLine}{Tail(cluster.OutFile(i))}");
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            if (writing is not null) await writing.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
            await cluster.DisposeAsync();
        }
        Directory.Delete(root, recursive: true);
    }

    private static async Task<string> AgreedLeaderAsync(MixedCluster cluster, NodeHttp http)
    {
        var last = "";
        return await Eventually.Get(async () =>
        {
            var statuses = await Task.WhenAll(Enumerable.Range(1, cluster.Count).Select(i => http.StatusAsync(cluster.Uri(i))));
            last = string.Join("; ", statuses.Select((s, k) => s?.ToString() ?? $"node{k + 1} not answering"));
            var leaders = statuses.Select(s => s?.LeaderId).Distinct().ToList();
            return leaders is [{ } id] && statuses.Any(s => s!.NodeId == id && s.IsLeader) ? id : null;
        }, Settle, () => $"a leader every node agrees on: {last}", TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Hands leadership to node (POST /cluster/leadership, which both releases serve) and waits until every node agrees.</summary>
    private async Task LeaderBecomesAsync(MixedCluster cluster, NodeHttp http, int node)
    {
        var target = $"node{node}";
        var last = "";
        await Eventually.True(async () =>
        {
            if (await AgreedLeaderAsync(cluster, http) == target) return true;
            var answer = await http.PostAsync(cluster.Uri(node), $"/cluster/leadership?to={target}", new { });
            last = $"{answer?.Status}: {answer?.Text}";
            return false;
        }, Settle, () => $"{target} ({cluster.Release(node)}) to lead, last transfer answered {last}", TimeSpan.FromMilliseconds(500));
        Log($"{target} ({cluster.Release(node)}) leads");
    }

    /// <summary>What an operator checks before the next node: all agree on a leader and the upgraded node has applied what was committed.</summary>
    private static async Task CaughtUpAsync(MixedCluster cluster, NodeHttp http, int node)
    {
        var leader = await AgreedLeaderAsync(cluster, http);
        var commit = (await http.StatusAsync(cluster.Uri(int.Parse(leader[4..], System.Globalization.CultureInfo.InvariantCulture))))?.CommitIndex ?? 0;
        NodeStatus? status = null;
        await Eventually.True(async () => (status = await http.StatusAsync(cluster.Uri(node))) is { } s && s.AppliedIndex >= commit,
            Settle, () => $"node{node} to apply index {commit}, at {status}", TimeSpan.FromMilliseconds(200));
    }

    /// <summary>A write through every node, then each read through every node: all agree.</summary>
    private async Task MixedOperationAsync(MixedCluster cluster, NodeHttp http, string step)
    {
        var ids = new List<string>();
        for (var i = 1; i <= cluster.Count; i++)
        {
            var id = $"mix-{step}-{i}";
            NodeHttp.Answer? answer = null;
            await Eventually.True(async () =>
            {
                answer = await http.PostAsync(cluster.Uri(i), "/api/v1/printers", new { id, company = $"via-{cluster.Release(i)}", model = $"step-{step}" }, idempotencyKey: $"mix-{id}");
                return answer?.Status == HttpStatusCode.Created;
            }, Settle, () => $"201 for {id} through node{i} ({cluster.Release(i)}), last {answer?.Status}: {answer?.Text}", TimeSpan.FromMilliseconds(250));
            ids.Add(id);
        }
        for (var i = 1; i <= cluster.Count; i++)
        {
            foreach (var id in ids)
            {
                var answer = await http.GetAsync(cluster.Uri(i), $"/api/v1/printers/{id}");
                Assert.True(answer?.Status == HttpStatusCode.OK, $"read of {id} through node{i} ({cluster.Release(i)}): {answer?.Status} {answer?.Text}");
                Assert.Equal($"step-{step}", answer!.Body.GetProperty("model").GetString());
                Assert.StartsWith("via-", answer.Body.GetProperty("company").GetString(), StringComparison.Ordinal);
            }
        }
        Log($"step {step}: writes through {string.Join(", ", Enumerable.Range(1, cluster.Count).Select(i => $"node{i} ({cluster.Release(i)})"))} read back alike everywhere");
    }

    /// <summary>While an old member remains, a PATCH (which it could not apply) is refused with what to do, and changes nothing.</summary>
    private async Task PatchRefusedAsync(MixedCluster cluster, NodeHttp http, int node, string id)
    {
        var answer = await http.PatchAsync(cluster.Uri(node), $"/api/v1/printers/{id}", new { model = "patched" });
        Assert.True(answer?.Status == HttpStatusCode.ServiceUnavailable, $"PATCH through node{node} with {Old} members left: {answer?.Status} {answer?.Text}");
        Assert.Contains("finish the upgrade", answer!.Text, StringComparison.Ordinal);
        var read = await http.GetAsync(cluster.Uri(node), $"/api/v1/printers/{id}");
        Assert.NotEqual("patched", read?.Body.GetProperty("model").GetString());
        Log($"PATCH refused while mixed: {answer.Body.GetProperty("detail").GetString()}");
    }

    private async Task PatchAcceptedAsync(MixedCluster cluster, NodeHttp http, string id)
    {
        NodeHttp.Answer? answer = null;
        await Eventually.True(async () => (answer = await http.PatchAsync(cluster.Uri(1), $"/api/v1/printers/{id}", new { model = "patched" }))?.Status == HttpStatusCode.OK,
            Settle, () => $"PATCH accepted once every node runs {New}, last {answer?.Status}: {answer?.Text}", TimeSpan.FromMilliseconds(500));
        for (var i = 1; i <= cluster.Count; i++)
            Assert.Equal("patched", (await http.GetAsync(cluster.Uri(i), $"/api/v1/printers/{id}"))?.Body.GetProperty("model").GetString());
        Log("PATCH accepted once every node was upgraded");
    }

    private static async Task AcknowledgedAsync(SteadyWriter writer, int count) =>
        await Eventually.True(() => Task.FromResult(writer.Acknowledged.Count >= count || !writer.Errors.IsEmpty), Settle,
            () => $"{count} acknowledged writes, have {writer.Acknowledged.Count}", TimeSpan.FromMilliseconds(100));

    /// <summary>
    /// Every acknowledged printer, read through every node, has the acknowledged fields and one
    /// version (ETag) on every node: nodes that restored a snapshot of the previous release (which
    /// keeps no versions) agree with those that replayed the log, as If-Match needs.
    /// </summary>
    private static async Task NothingLostAsync(MixedCluster cluster, NodeHttp http, SteadyWriter writer)
    {
        foreach (var (id, fields) in writer.Acknowledged)
        {
            var versions = new List<long>();
            for (var node = 1; node <= cluster.Count; node++)
            {
                var answer = await http.GetAsync(cluster.Uri(node), $"/api/v1/printers/{id}");
                Assert.True(answer?.Status == HttpStatusCode.OK, $"acknowledged printer {id} read through node{node}: {answer?.Status} {answer?.Text}");
                Assert.Equal(fields.Company, answer!.Body.GetProperty("company").GetString());
                Assert.Equal(fields.Model, answer.Body.GetProperty("model").GetString());
                versions.Add(answer.Body.GetProperty("version").GetInt64());
            }
            Assert.True(versions.Distinct().Count() == 1, $"printer {id} is at versions {string.Join(", ", versions)} on nodes 1-{cluster.Count}");
        }
    }

    private static string Tail(string file)
    {
        var text = File.ReadAllText(file);
        return text.Length > 4000 ? text[^4000..] : text;
    }

    private void Log(string line) => output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
}
