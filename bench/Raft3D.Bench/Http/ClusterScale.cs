using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Raft3D.Bench.Http;

/// <summary>
/// The cluster-scale mode (issue 20): a 3-node cluster of real server processes loaded through
/// the REST API to a given size, then the issue's targets measured on it: resident memory per
/// node, pages of 100 jobs at 16 clients (local and linearizable), writes at 16 clients with and
/// without a snapshot, a follower's restart to ready, and a new node catching up by InstallSnapshot.
/// </summary>
public sealed class ClusterScale(ClusterClient client, LocalCluster cluster, int printers, int filaments, long jobs)
{
    private const int LoadClients = 64;
    private const int Clients = 16;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private readonly List<ScaleRow> _rows = [];

    public const string Usage = """
        cluster-scale [PRINTERS FILAMENTS JOBS] [http options]   the issue-20 targets on 3 real processes
          (defaults 10000 10000 1000000; --node-config, --run, --keep, --server, --http-base, --raft-base apply)
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var sizes = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        HttpBenchOptions options;
        int printers, filaments;
        long jobs;
        try
        {
            printers = sizes.Count > 0 ? int.Parse(sizes[0], CultureInfo.InvariantCulture) : 10_000;
            filaments = sizes.Count > 1 ? int.Parse(sizes[1], CultureInfo.InvariantCulture) : 10_000;
            jobs = sizes.Count > 2 ? long.Parse(sizes[2], CultureInfo.InvariantCulture) : 1_000_000;
            options = HttpBenchOptions.Parse(args.Skip(sizes.Count).ToList());
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\n\n{Usage}");
            return 2;
        }
        options = options with { RunFolder = LocalCluster.RunFolder(options) };
        options = options with { NodeConfig = WithPatientSnapshots(options) };
        using var client = new ClusterClient(TimeSpan.FromSeconds(10), LoadClients + 16);
        await using var cluster = await LocalCluster.StartAsync(options, client, null);
        Console.WriteLine($"cluster-scale: {printers} printers, {filaments} filaments, {jobs} jobs; {Environment.ProcessorCount} cores, load {LoadAverage.Now()}");
        var scale = new ClusterScale(client, cluster, printers, filaments, jobs);
        var failed = false;
        foreach (var (name, step) in new (string, Func<Task>)[]
                 {
                     ("load", scale.LoadAsync), ("memory", scale.MemoryAsync), ("snapshots", scale.SnapshotsAsync), ("pages", scale.PagesAsync),
                     ("writes", scale.WritesAsync), ("restart", scale.RestartAsync), ("catch-up", scale.CatchUpAsync),
                 })
        {
            Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {name}");
            try
            {
                await step();
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException or JsonException)
            {
                await Console.Error.WriteLineAsync($"step {name} failed: {e.Message}");
                scale.Add(new ScaleRow(name, $"failed: {e.Message}"));
                failed = true;
                if (name == "load") break;
            }
        }
        Console.WriteLine();
        Console.Write(ScaleRow.Format(scale._rows));
        return failed ? 1 : 0;
    }

    /// <summary>
    /// The nodes' settings (the -node-config file, if any) with cluster-timeout raised: a snapshot
    /// is serialised at the lowest CPU priority, and under the writes step's full load it may take
    /// longer than the 10 s POST /cluster/snapshot waits by default; the bench measures how long.
    /// </summary>
    private static string WithPatientSnapshots(HttpBenchOptions options)
    {
        var file = Path.Combine(options.RunFolder!, "cluster-scale.conf");
        Directory.CreateDirectory(options.RunFolder!);
        File.WriteAllText(file, (options.NodeConfig is { } given ? File.ReadAllText(given) : "") + $"\nraft3d.api.cluster-timeout = {(int)SnapshotPatience.TotalSeconds}s\n");
        return file;
    }

    private static readonly TimeSpan SnapshotPatience = TimeSpan.FromMinutes(2);

    /// <summary>Keeps the row for the table at the end and prints it at once, so a run cut short still shows it.</summary>
    private void Add(ScaleRow row)
    {
        _rows.Add(row);
        Console.WriteLine($"  {row.Measure}: {row.Figure}{(row.Verdict.Length > 0 ? $" [{row.Target}: {row.Verdict}]" : "")}");
    }

    private async Task<string> LeaderAsync()
    {
        LeaderInfo? leader = null;
        await client.WaitAsync(TimeSpan.FromSeconds(30), "a leader", async () => (leader = await client.FindLeaderAsync(cluster.HttpAddresses)) is not null);
        return leader!.HttpAddress;
    }

    private async Task LoadAsync()
    {
        var loader = new FarmLoader(client, client.BaseUrl(await LeaderAsync()), LoadClients);
        var phases = new List<LoadPhase>
        {
            await loader.LoadAsync("printers", printers, n => $$"""{"id":"p{{n}}","company":"Prusa","model":"MK4"}"""),
            await loader.LoadAsync("filaments", filaments,
                n => $$"""{"id":"f{{n}}","type":"PLA","color":"red","total_weight_in_grams":2000000000}"""),
            await loader.LoadAsync("print_jobs", jobs,
                n => $$"""{"id":"j{{n}}","printer_id":"p{{n % printers}}","filament_id":"f{{n % filaments}}","filepath":"models/benchy.gcode","print_weight_in_grams":1}"""),
        };
        foreach (var phase in phases)
            Add(new ScaleRow($"load {phase.Kind} ({LoadClients} clients, via the leader)",
                $"{phase.Count} in {phase.Elapsed.TotalSeconds:0.0} s = {phase.PerSecond:0}/s, {phase.Failed} failed"));
        if (phases.Sum(p => p.Failed) > 0) throw new InvalidOperationException($"{phases.Sum(p => p.Failed)} objects could not be created");
        await cluster.WaitHealthyAsync(client, TimeSpan.FromMinutes(5));
    }

    private Task MemoryAsync()
    {
        foreach (var node in cluster.Nodes)
        {
            var memory = ProcessMemory.Of(node.Pid ?? throw new InvalidOperationException($"{node.Id} is not running"));
            Add(new ScaleRow($"{node.Id} resident memory after loading (peak)",
                $"{Mib(memory.ResidentBytes)} MiB ({Mib(memory.PeakResidentBytes)} MiB)", "≤ 1 GiB",
                ScaleRow.Judge(memory.PeakResidentBytes <= 1L << 30)));
        }
        return Task.CompletedTask;
    }

    private static string Mib(long? bytes) => bytes is { } b ? (b / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture) : "?";

    private async Task PagesAsync()
    {
        var all = new TargetSet(cluster.HttpAddresses, client.Scheme);
        var kinds = new (string Name, Func<long, string> Filter)[]
        {
            ("status=queued, after a random job", n => $"status=queued&after=j{JobPages.Spread(n, jobs)}"),
            ("printer_id=a random printer", n => $"printer_id=p{JobPages.Spread(n, printers)}"),
        };
        foreach (var (name, filter) in kinds)
        {
            foreach (var local in new[] { true, false })
            {
                var pages = new JobPages(client, all, filter, local);
                var count = await PageSizeAsync(pages.Url(0, 12345));
                await LoadRunner.ClosedLoopAsync(pages, Clients, Warmup, TimeSpan.Zero);
                var s = (await LoadRunner.ClosedLoopAsync(pages, Clients, TimeSpan.Zero, Window)).Latency.Summarize(Window);
                Add(new ScaleRow($"page of 100 jobs, {name}, {(local ? "local" : "linearizable")}, {Clients} clients on all nodes ({count} jobs in a sample page)",
                    $"p50 {s.P50:0.00} ms, p99 {s.P99:0.00} ms, {s.PerSecond:0}/s, {s.Errors} errors", "p99 ≤ 10 ms", ScaleRow.Judge(s.P99 <= 10 && s.Errors == 0)));
            }
        }
    }

    private async Task<int> PageSizeAsync(string url)
    {
        using var document = JsonDocument.Parse(await client.Http.GetStringAsync(url));
        return document.RootElement.GetArrayLength();
    }

    /// <summary>
    /// Snapshots every node once the load is in: it waits for the automatic snapshots the load
    /// started, so the pages are measured on a settled cluster (the writes step measures what a
    /// snapshot costs), compacts the logs (so a new node needs InstallSnapshot) and restarts the
    /// automatic snapshot count, so none falls into the writes' quiet window.
    /// </summary>
    private async Task SnapshotsAsync()
    {
        foreach (var node in cluster.Nodes)
        {
            var (elapsed, bytes) = await SnapshotAsync(node.HttpAddress);
            Add(new ScaleRow($"{node.Id} snapshot, idle (POST /cluster/snapshot)", $"{elapsed.TotalMilliseconds:0} ms, {bytes / (1024.0 * 1024):0.0} MiB"));
        }
    }

    private async Task WritesAsync()
    {
        var leader = await LeaderAsync();
        var targets = new TargetSet([leader], client.Scheme);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var writes = new PrinterWrites(client, targets, $"w{tag}");
        await LoadRunner.ClosedLoopAsync(writes, Clients, Warmup, TimeSpan.Zero);
        var gc = await GcAsync(leader);
        var quiet = (await LoadRunner.ClosedLoopAsync(writes, Clients, TimeSpan.Zero, Window)).Latency.Summarize(Window);
        var quietGc = await GcAsync(leader) - gc;
        Add(new ScaleRow($"writes, {Clients} clients via the leader, no snapshot",
            $"p50 {quiet.P50:0.00} ms, p99 {quiet.P99:0.00} ms, {quiet.PerSecond:0}/s, {quiet.Errors + quiet.Unknown} errors; leader's GC {quietGc}"));

        // The same load, with every node snapshotting at once 3 s into the window.
        gc = await GcAsync(leader);
        var load = LoadRunner.ClosedLoopAsync(writes, Clients, TimeSpan.Zero, Window);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var snapshots = await Task.WhenAll(cluster.Nodes.Select(async n => (n.Id, Taken: await SnapshotAsync(n.HttpAddress))));
        var busy = (await load).Latency.Summarize(Window);
        var busyGc = await GcAsync(leader) - gc;
        var ratio = busy.P99 / quiet.P99;
        Add(new ScaleRow($"writes, {Clients} clients via the leader, every node snapshotting 3 s in",
            $"p50 {busy.P50:0.00} ms, p99 {busy.P99:0.00} ms ({ratio:0.00}× without), max {busy.Max:0} ms, {busy.PerSecond:0}/s, {busy.Errors + busy.Unknown} errors; " +
            $"snapshots {string.Join(", ", snapshots.Select(s => $"{s.Id} {s.Taken.Elapsed.TotalMilliseconds:0} ms"))}; leader's GC {busyGc}",
            "p99 ≤ 2× without", ScaleRow.Judge(ratio <= 2)));
    }

    /// <summary>The leader's collections and time paused in them so far (the System.Runtime meter, from /metrics).</summary>
    private async Task<GcTotals> GcAsync(string leader) =>
        new(await client.MetricSumAsync(leader, "dotnet_gc_collections_total") ?? 0,
            await client.MetricSumAsync(leader, "dotnet_gc_pause_time_seconds_total") ?? 0);

    private readonly record struct GcTotals(double Collections, double PauseSeconds)
    {
        public static GcTotals operator -(GcTotals a, GcTotals b) => new(a.Collections - b.Collections, a.PauseSeconds - b.PauseSeconds);

        public override string ToString() => $"{Collections:0} collections, {PauseSeconds * 1000:0} ms paused";
    }

    private async Task<(TimeSpan Elapsed, long Bytes)> SnapshotAsync(string httpAddress)
    {
        var clock = Stopwatch.StartNew();
        using var snapshots = new HttpClient { Timeout = SnapshotPatience + TimeSpan.FromSeconds(30) };
        using var response = await snapshots.PostAsync($"{client.BaseUrl(httpAddress)}/cluster/snapshot", null);
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = clock.Elapsed;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"snapshot of {httpAddress}: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        return (elapsed, document.RootElement.GetProperty("bytes").GetInt64());
    }

    private async Task RestartAsync()
    {
        var leader = await LeaderAsync();
        var follower = cluster.Nodes.First(n => n.HttpAddress != leader);
        var stop = await follower.TerminateAsync(TimeSpan.FromSeconds(60));
        var ready = await follower.StartUntilReadyAsync(client, TimeSpan.FromMinutes(5));
        Add(new ScaleRow($"{follower.Id} (follower) restart: SIGTERM, then start until /health/ready is 200",
            $"stopped in {stop.TotalSeconds:0.0} s, ready {ready.TotalSeconds:0.0} s after start", "≤ 15 s", ScaleRow.Judge(ready <= TimeSpan.FromSeconds(15))));
        var memory = ProcessMemory.Of(follower.Pid ?? 0);
        Add(new ScaleRow($"{follower.Id} resident memory after the restart", $"{Mib(memory.ResidentBytes)} MiB", "≤ 1 GiB",
            ScaleRow.Judge(memory.ResidentBytes <= 1L << 30)));
    }

    private async Task CatchUpAsync()
    {
        var leader = await LeaderAsync();
        var commit = (await client.StatusAsync(leader))?.CommitIndex ?? throw new InvalidOperationException("the leader gave no status");
        var node = cluster.AddNode(cluster.Nodes.Count + 1);
        var clock = Stopwatch.StartNew();
        node.Start("-join", leader);
        await client.WaitAsync(TimeSpan.FromMinutes(5), $"{node.Id} to apply index {commit}", async () =>
        {
            if (!node.IsRunning) throw new InvalidOperationException($"{node.Id} exited: see {node.OutputFile}");
            return await client.StatusAsync(node.HttpAddress) is { } s && s.AppliedIndex >= commit;
        });
        var caughtUp = clock.Elapsed;
        var status = await client.StatusAsync(leader);
        var voter = status?.Members.FirstOrDefault(m => m.Id == node.Id)?.Voter == true;
        var memory = ProcessMemory.Of(node.Pid ?? 0);
        Add(new ScaleRow($"new {node.Id} (-join, empty data) until it applied the leader's commit index {commit} at its start",
            $"{caughtUp.TotalSeconds:0.0} s (voter at that moment: {(voter ? "yes" : "no")}; RSS {Mib(memory.ResidentBytes)} MiB)", "≤ 60 s",
            ScaleRow.Judge(caughtUp <= TimeSpan.FromSeconds(60))));
    }
}
