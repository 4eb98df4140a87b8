using System.Runtime.InteropServices;

namespace Raft3D.Bench.Http;

/// <summary>
/// The http mode: throughput, latency and failover of a 3-node cluster of real server
/// processes (started here, or given with --nodes), through the REST API.
/// </summary>
public sealed class HttpBench
{
    private readonly HttpBenchOptions _options;
    private readonly ClusterClient _client;
    private readonly IReadOnlyList<string> _nodes;
    private readonly string _runTag = Guid.NewGuid().ToString("N")[..6];
    private readonly List<RunResult> _runs = [];

    private readonly LocalCluster? _cluster;

    private HttpBench(HttpBenchOptions options, ClusterClient client, IReadOnlyList<string> nodes, LocalCluster? cluster)
    {
        _cluster = cluster;
        _options = options;
        _client = client;
        _nodes = nodes;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        HttpBenchOptions options;
        try
        {
            options = HttpBenchOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\n\n{HttpBenchOptions.Usage}");
            return 2;
        }
        if (options.Scenarios.Contains("failover") && options.Nodes.Count > 0)
        {
            await Console.Error.WriteLineAsync("failover needs the nodes this bench starts (it kills them): leave out --nodes or the failover scenario");
            return 2;
        }

        var started = DateTimeOffset.Now;
        var maxClients = Math.Max(options.Concurrency.DefaultIfEmpty(1).Max(), options.FailoverConcurrency);
        if (options.Nodes.Count == 0) options = options with { RunFolder = LocalCluster.RunFolder(options) };
        var secure = options.Secure && options.Nodes.Count == 0 ? SecureFiles.Create(Path.Combine(options.RunFolder!, "secure")) : null;
        using var client = new ClusterClient(options.RequestTimeout, options.OpenLoop ? options.MaxInFlight : maxClients + 16, secure?.ForClient);
        await using var cluster = options.Nodes.Count == 0 ? await LocalCluster.StartAsync(options, client, secure) : null;
        var nodes = cluster?.HttpAddresses ?? options.Nodes;
        var bench = new HttpBench(options, client, nodes, cluster);
        Console.WriteLine($"Raft3D HTTP bench: {Environment.ProcessorCount} cores, load {LoadAverage.Now()}, nodes {string.Join(", ", nodes)}; " +
                          $"{options.Duration.TotalSeconds:0} s per run after {options.Warmup.TotalSeconds:0} s of warm-up");

        if (options.ClusterWarmup > TimeSpan.Zero) await bench.WarmUpAsync(options.ClusterWarmup);

        FailoverSummary? failover = null;
        var failed = false;
        foreach (var scenario in options.Scenarios)
        {
            try
            {
                failover = await bench.RunScenarioAsync(scenario, cluster) ?? failover;
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
            {
                // Keep what was measured so far: report the failure and go on with the next scenario.
                await Console.Error.WriteLineAsync($"scenario {scenario} failed: {e.Message}");
                failed = true;
            }
        }

        Console.WriteLine();
        Console.Write(ResultTable.Format(bench._runs, markdown: false));
        if (failover is not null) Console.WriteLine(ResultTable.FormatFailover(failover));
        if (options.JsonPath is { } path)
        {
            var machine = $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
            var clusterText = cluster is null ? $"external: {string.Join(", ", nodes)}" : $"3 local processes: {string.Join(", ", nodes)}";
            await new BenchReport(started, machine, clusterText, string.Join(' ', args), bench._runs, failover).SaveAsync(path);
            Console.WriteLine($"results saved to {path}");
        }
        return failed ? 1 : 0;
    }

    /// <summary>
    /// Unmeasured load through every endpoint the runs use, on every node: a freshly started
    /// node still JIT-compiles for tens of seconds (tiered compilation, dynamic PGO), which would
    /// otherwise land in the first runs' figures.
    /// </summary>
    private async Task WarmUpAsync(TimeSpan duration)
    {
        Console.WriteLine($"warming the cluster up for {duration.TotalSeconds:0} s (not measured)");
        var third = duration / 3;
        var all = new TargetSet(_nodes, _client.Scheme);
        await LoadRunner.ClosedLoopAsync(new PrinterWrites(_client, all, $"{_runTag}-warm"), 32, TimeSpan.Zero, third);
        var ids = await PrinterReads.CreatePrintersAsync(_client, _nodes[0], $"{_runTag}-warm-read", 100);
        await Task.WhenAll(
            LoadRunner.ClosedLoopAsync(new PrinterReads(_client, all, ids, local: false), 16, TimeSpan.Zero, third),
            LoadRunner.ClosedLoopAsync(new PrinterReads(_client, all, ids, local: true), 16, TimeSpan.Zero, third));
        var mix = new PrintFarmMix(_client, all, $"{_runTag}-warm-mix", printers: 4, filaments: 4);
        await mix.PrepareAsync();
        await LoadRunner.ClosedLoopAsync(mix, 32, TimeSpan.Zero, third);
    }

    /// <summary>Runs one scenario; returns the failover summary for the failover scenario.</summary>
    private async Task<FailoverSummary?> RunScenarioAsync(string scenario, LocalCluster? cluster)
    {
        switch (scenario)
        {
            case "writes":
                await WritesAsync();
                return null;
            case "reads":
            case "local-reads":
                await ReadsAsync(scenario, local: scenario == "local-reads");
                return null;
            case "mixed":
                await MixedAsync();
                return null;
            case "failover":
                var failover = await new FailoverScenario(_client, cluster!, _options, _runTag).RunAsync();
                Console.WriteLine(ResultTable.FormatFailover(failover));
                return failover;
            default:
                return null;
        }
    }

    private IEnumerable<string> Vias => _options.Via == "both" ? ["leader", "followers"] : [_options.Via];

    /// <summary>The leader's address alone, or every other node.</summary>
    private async Task<TargetSet> TargetsAsync(string via)
    {
        LeaderInfo? leader = null;
        await _client.WaitAsync(TimeSpan.FromSeconds(30), "a leader", async () => (leader = await _client.FindLeaderAsync(_nodes)) is not null);
        var leaderAddress = leader!.HttpAddress;
        return via switch
        {
            "leader" => new TargetSet([leaderAddress], _client.Scheme),
            "followers" => new TargetSet(_nodes.Where(a => a != leaderAddress).ToList(), _client.Scheme),
            _ => new TargetSet(_nodes, _client.Scheme),
        };
    }

    private async Task WritesAsync()
    {
        foreach (var via in Vias)
            await RunLevelsAsync("writes", via, async () => new PrinterWrites(_client, await TargetsAsync(via), $"{_runTag}-w{_runs.Count}"));
    }

    private async Task ReadsAsync(string scenario, bool local)
    {
        var ids = await PrinterReads.CreatePrintersAsync(_client, (await TargetsAsync("leader")).HttpAddresses[0], $"{_runTag}-{scenario}", 1000);
        foreach (var via in Vias)
            await RunLevelsAsync(scenario, via, async () => new PrinterReads(_client, await TargetsAsync(via), ids, local));
    }

    private async Task MixedAsync()
    {
        var mix = new PrintFarmMix(_client, new TargetSet(_nodes, _client.Scheme), $"{_runTag}-mix", printers: 16, filaments: 16);
        await mix.PrepareAsync();
        await RunLevelsAsync("mixed", "all", () => Task.FromResult<IWorkload>(mix), () => $"{mix.Finished} jobs finished so far");
    }

    /// <summary>One run per closed-loop concurrency and per open-loop rate; each prints its line as it ends.</summary>
    private async Task RunLevelsAsync(string scenario, string via, Func<Task<IWorkload>> workload, Func<string>? note = null)
    {
        if (_options.ClosedLoop)
        {
            foreach (var clients in _options.Concurrency)
            {
                var loadBefore = LoadAverage.Now();
                var load = await workload();
                await LoadRunner.ClosedLoopAsync(load, clients, _options.Warmup, TimeSpan.Zero);
                var cpu = CpuUse.Start(_cluster);
                var result = await LoadRunner.ClosedLoopAsync(load, clients, TimeSpan.Zero, _options.Duration);
                Add(RunResult.From(scenario, via, clients, null, result, loadBefore, cpu(), note?.Invoke()));
            }
        }
        if (_options.OpenLoop)
        {
            foreach (var rate in _options.Rates)
            {
                var loadBefore = LoadAverage.Now();
                var load = await workload();
                await LoadRunner.OpenLoopAsync(load, rate, _options.Warmup, TimeSpan.Zero, _options.MaxInFlight);
                var cpu = CpuUse.Start(_cluster);
                var result = await LoadRunner.OpenLoopAsync(load, rate, TimeSpan.Zero, _options.Duration, _options.MaxInFlight);
                Add(RunResult.From(scenario, via, null, rate, result, loadBefore, cpu(), note?.Invoke()));
            }
        }
    }

    private void Add(RunResult run)
    {
        _runs.Add(run);
        Console.Write(ResultTable.Format([run], markdown: false).Split('\n', 2)[1]);
    }
}
