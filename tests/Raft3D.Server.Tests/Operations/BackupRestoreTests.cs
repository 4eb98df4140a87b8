using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;
using Xunit.Abstractions;

namespace Raft3D.Server.Tests.Operations;

/// <summary>
/// SPEC §11: a backup taken from a 3-node cluster under concurrent writes, restored into a new
/// 3-node cluster (one node -restore -bootstrap, two -join), holds every object exactly as at the
/// backup's index; damaged files are refused. Real processes.
/// </summary>
public sealed class BackupRestoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ProcessCluster _cluster = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private void Step(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s  {what}");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private sealed record Created(string Kind, string Id, long Index, JsonElement Body);

    [Fact]
    public async Task A_backup_under_writes_restores_every_object_as_at_its_index()
    {
        await _cluster.BootstrapAsync("a1", "a2", "a3");
        var old = _cluster.Nodes.ToList();
        Step("cluster up");
        await SetUpJobsAsync(old[0]);

        // Writers create printers and filaments on every node while the backup is taken; each
        // 201 carries the log index of its write, so the state at any index is known exactly.
        var created = new ConcurrentBag<Created>();
        var uncertain = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var (kind, id, body) = i % 2 == 0
                    ? ("printers", $"w{w}-p{i}", $$"""{"id":"w{{w}}-p{{i}}","company":"Prusa","model":"MK{{i}}"}""")
                    : ("filaments", $"w{w}-f{i}", $$"""{"id":"w{{w}}-f{{i}}","type":"PLA","color":"c{{i}}","total_weight_in_grams":{{100 + i}}}""");
                Answer answer;
                try
                {
                    answer = await old[(w + i) % 3].PostAsync($"/api/v1/{kind}", body);
                }
                catch (HttpRequestException)
                {
                    uncertain.Add(id);
                    continue;
                }
                if (answer.Status == HttpStatusCode.Created)
                    created.Add(new Created(kind, id, long.Parse(answer.Header("X-Raft-Applied-Index")!, CultureInfo.InvariantCulture), answer.Json.Clone()));
                else uncertain.Add(id);
            }
        })).ToList();

        await Eventually.True(() => Task.FromResult(created.Count >= 40), TimeSpan.FromSeconds(60), "40 writes before the backup");
        var acknowledgedBefore = created.Max(c => c.Index);
        var leader = await ProcessCluster.LeaderAsync(old);
        var follower = old.First(n => n != leader);
        using var response = await follower.Http.GetAsync("/cluster/backup");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var backup = await response.Content.ReadAsByteArrayAsync();
        var index = long.Parse(response.Headers.GetValues("X-Raft-Index").Single(), CultureInfo.InvariantCulture);
        var countAtBackup = created.Count;
        var oldClusterId = (await follower.StatusAsync()).GetProperty("cluster_id").GetString();
        Assert.False(string.IsNullOrEmpty(oldClusterId));
        Assert.Equal(oldClusterId, Raft3D.Server.Backup.BackupFormat.Decode(backup).Header.ClusterId);
        Step($"backup at index {index}: {backup.Length} bytes, {countAtBackup} writes before it");
        await Eventually.True(() => Task.FromResult(created.Count >= countAtBackup + 40), TimeSpan.FromSeconds(60), "40 writes after the backup");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        // Linearizable: the backup holds every write acknowledged before it was asked for.
        Assert.True(index >= acknowledgedBefore, $"backup at {index}, but a write at {acknowledgedBefore} was acknowledged before it");
        Assert.Contains(created, c => c.Index > index);
        var file = _cluster.Combine("backup.r3db");
        await File.WriteAllBytesAsync(file, backup);

        // The expected state at the backup's index: the set-up objects (untouched by the writers)
        // as the old cluster shows them, then every create at or below the index, in log order.
        var expected = new Dictionary<string, List<JsonElement>>();
        foreach (var kind in new[] { "printers", "filaments", "print_jobs" })
        {
            var setUp = (await old[0].GetAsync($"/api/v1/{kind}")).Is(HttpStatusCode.OK).EnumerateArray()
                .Where(o => o.GetProperty("id").GetString()!.StartsWith("s-", StringComparison.Ordinal)).Select(o => o.Clone());
            expected[kind] = [.. setUp, .. created.Where(c => c.Kind == kind && c.Index <= index).OrderBy(c => c.Index).Select(c => c.Body)];
        }
        foreach (var node in old) await node.KillAsync();

        Step("old cluster killed");
        // All three start at once: r2 and r3 keep asking r1 to add them until it is up.
        var r1 = _cluster.Add("r1");
        var r2 = _cluster.Add("r2");
        var r3 = _cluster.Add("r3");
        await Task.WhenAll(r1.StartAsync("-restore", file, "-bootstrap"), r2.StartAsync("-join", r1.HttpAddress), r3.StartAsync("-join", r1.HttpAddress));
        await ProcessCluster.VotersAsync(r1, "r1", "r2", "r3");
        Step("r2, r3 joined as voters");
        // A restore starts a new cluster: the old one's nodes must not mistake it for theirs.
        var newClusterId = (await r1.StatusAsync()).GetProperty("cluster_id").GetString();
        Assert.False(string.IsNullOrEmpty(newClusterId));
        Assert.NotEqual(oldClusterId, newClusterId);

        foreach (var node in new[] { r1, r2, r3 })
        {
            foreach (var (kind, objects) in expected)
            {
                var answer = await node.GetAsync($"/api/v1/{kind}");
                var actual = answer.Is(HttpStatusCode.OK).EnumerateArray()
                    .Where(o => !uncertain.Contains(o.GetProperty("id").GetString()!)).ToList();
                Assert.True(long.Parse(answer.Header("X-Raft-Applied-Index")!, CultureInfo.InvariantCulture) > index);
                Assert.Equal(objects.Count, actual.Count);
                for (var i = 0; i < objects.Count; i++)
                    Assert.True(JsonElement.DeepEquals(objects[i], actual[i]), $"{node.Id} {kind}[{i}]: expected {objects[i]}, got {actual[i]}");
            }
        }

        // The restored cluster's log continues after the backup's index, and takes writes.
        var write = await r3.WriteAsync("/api/v1/printers", """{"id":"after-restore","company":"Bambu","model":"X1"}""");
        write.Is(HttpStatusCode.Created);
        Assert.True(long.Parse(write.Header("X-Raft-Applied-Index")!, CultureInfo.InvariantCulture) > index);

        Step("restored state checked on every node");
        // Damaged copies of the same file are refused at start, with one clear line.
        var truncated = _cluster.Combine("truncated.r3db");
        await File.WriteAllBytesAsync(truncated, backup[..(backup.Length / 2)]);
        var flipped = _cluster.Combine("flipped.r3db");
        var damaged = (byte[])backup.Clone();
        damaged[damaged.Length / 2] ^= 0x04;
        await File.WriteAllBytesAsync(flipped, damaged);
        await Task.WhenAll(new[] { (truncated, "truncated"), (flipped, "corrupt") }.Select(async damagedFile =>
        {
            var (path, problem) = damagedFile;
            var (exit, stderr) = await _cluster.Add($"bad-{problem}").RunToExitAsync("-restore", path, "-bootstrap");
            Assert.Equal(1, exit);
            Assert.Contains(problem, stderr);
            Assert.Contains(path, stderr);
        }));
    }

    /// <summary>Printers, spools and jobs in every status, before the writers start.</summary>
    private static async Task SetUpJobsAsync(ProcessNode node)
    {
        (await node.WriteAsync("/api/v1/printers", """{"id":"s-p","company":"Prusa","model":"MK4"}""")).Is(HttpStatusCode.Created);
        (await node.WriteAsync("/api/v1/filaments", """{"id":"s-f","type":"petg","color":"blue","total_weight_in_grams":1000}""")).Is(HttpStatusCode.Created);
        for (var i = 0; i < 4; i++)
            (await node.WriteAsync("/api/v1/print_jobs", $$"""{"id":"s-j{{i}}","printer_id":"s-p","filament_id":"s-f","filepath":"part{{i}}.gcode","print_weight_in_grams":{{50 + i}}}""")).Is(HttpStatusCode.Created);
        foreach (var (job, status) in new[] { ("s-j1", "running"), ("s-j2", "running"), ("s-j2", "done"), ("s-j3", "canceled") })
            (await node.WriteAsync($"/api/v1/print_jobs/{job}/status?status={status}", "")).Is(HttpStatusCode.OK);
    }
}
