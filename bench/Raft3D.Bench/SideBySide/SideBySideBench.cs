using System.Diagnostics;
using System.Runtime.InteropServices;
using Raft3D.Bench.Http;

namespace Raft3D.Bench.SideBySide;

/// <summary>
/// The versus mode: Raft3D and a reference (a 3-node etcd, or Raft3D with TLS and API keys),
/// both started here and both kept running, measured under the same loads in one run. Right
/// after the start: 1-client writes on each (cold start). Then an unmeasured warm-up of each,
/// idle CPU of both over the same stretch, and rounds of every shape that alternate which system
/// goes first, so a change in the machine's load falls on both alike.
/// </summary>
public sealed class SideBySideBench(SideBySideOptions options)
{
    private const int ReadKeys = 1000;
    private readonly string _runTag = Guid.NewGuid().ToString("N")[..6];
    private readonly List<Measurement> _runs = [];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        SideBySideOptions options;
        try
        {
            options = SideBySideOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\n\n{SideBySideOptions.Usage}");
            return 2;
        }
        if (options.Against == "etcd" && EtcdCluster.Binary() is null)
        {
            await Console.Error.WriteLineAsync("versus etcd needs Debian's etcd: apt-get install -y etcd-server etcd-client");
            return 2;
        }
        await new SideBySideBench(options).RunAsync();
        return 0;
    }

    private async Task RunAsync()
    {
        var nodes = options.Nodes;
        var maxClients = options.Shapes.Max(s => s.Clients);
        var folder = LocalCluster.RunFolder(nodes);
        var commit = GitCommit();
        Console.WriteLine($"Raft3D versus {options.Against}: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {commit}, {Environment.ProcessorCount} cores, " +
                          $"{RuntimeInformation.OSDescription}, load {LoadAverage.Now()}; {options.Rounds} rounds of {nodes.Duration.TotalSeconds:0} s " +
                          $"per shape and system after {nodes.Warmup.TotalSeconds:0} s of warm-up each");

        await using var first = await Raft3DCluster.StartAsync("raft3d", nodes with { RunFolder = Path.Combine(folder, "raft3d") }, secure: false, maxClients);
        var cold = new List<ColdStart>();
        if (options.Cold > TimeSpan.Zero) cold.Add(await ColdStartAsync(first));
        await using IBenchedCluster second = options.Against == "etcd"
            ? await EtcdCluster.StartAsync(options.EtcdBasePort, Path.Combine(folder, "etcd"), nodes.KeepData, nodes.RequestTimeout, maxClients)
            : await Raft3DCluster.StartAsync("raft3d+tls+keys", nodes with
            {
                RunFolder = Path.Combine(folder, "secure"), HttpBasePort = nodes.HttpBasePort + 10, RaftBasePort = nodes.RaftBasePort + 10,
            }, secure: true, maxClients);
        if (options.Cold > TimeSpan.Zero) cold.Add(await ColdStartAsync(second));
        IBenchedCluster[] systems = [first, second];

        if (nodes.ClusterWarmup > TimeSpan.Zero)
        {
            Console.WriteLine($"warming each system up for {nodes.ClusterWarmup.TotalSeconds:0} s (not measured)");
            foreach (var system in systems) await WarmUpAsync(system, nodes.ClusterWarmup, maxClients);
        }

        var idle = new List<IdleUse>();
        if (options.Idle > TimeSpan.Zero)
        {
            Console.WriteLine($"measuring idle CPU over {options.Idle.TotalSeconds:0} s (no load on either system)");
            var before = systems.Select(s => s.NodeCpuTimes()).ToList();
            var started = Stopwatch.GetTimestamp();
            await Task.Delay(options.Idle);
            var elapsed = Stopwatch.GetElapsedTime(started);
            idle.AddRange(systems.Select((s, i) => IdleUse.From(s.Name, before[i], s.NodeCpuTimes(), elapsed)));
        }

        var reads = new Dictionary<IBenchedCluster, IWorkload>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var shape in options.Shapes)
            {
                foreach (var system in round % 2 == 1 ? systems : [second, first])
                {
                    IWorkload workload;
                    if (shape.Kind == "reads")
                    {
                        if (!reads.TryGetValue(system, out var existing)) reads[system] = existing = await system.ReadsAsync($"{_runTag}-r", ReadKeys);
                        workload = existing;
                    }
                    else workload = await system.WritesAsync($"{_runTag}-w{round}-{shape.Clients}");
                    var run = await MeasureAsync(system, workload, shape, round);
                    _runs.Add(run);
                    Console.WriteLine($"round {round} {shape,-10} {system.Name,-16} {run.Summary.PerSecond,8:0} ops/s  p50 {run.Summary.P50,6:0.00} ms  " +
                                      $"p99 {run.Summary.P99,7:0.00} ms  cpu {run.CpuMicrosPerOp,5:0} µs/op" +
                                      (run.AllocatedBytesPerOp is { } a ? $"  leader {a / 1024,5:0.0} KB/op" : "") + $"  load {LoadAverage.Now()}");
                }
            }
        }

        var restarts = new List<RestartStart>();
        if (options.Cold > TimeSpan.Zero)
            foreach (var system in systems) restarts.Add(await RestartAsync(system));

        Console.WriteLine();
        Console.WriteLine($"Raft3D versus {options.Against}, commit {commit}, {Environment.ProcessorCount} cores; medians of {options.Rounds} rounds " +
                          $"(closed loop, through the leader; cpu = the 3 server processes' CPU time / requests)");
        Console.Write(SideBySideTable.Format(first.Name, second.Name, _runs, idle, cold, restarts));
    }

    private async Task<Measurement> MeasureAsync(IBenchedCluster system, IWorkload workload, LoadShape shape, int round)
    {
        await LoadRunner.ClosedLoopAsync(workload, shape.Clients, options.Nodes.Warmup, TimeSpan.Zero);
        var cpuBefore = Sum(system.NodeCpuTimes());
        var allocatedBefore = await system.LeaderAllocatedBytesAsync();
        var result = await LoadRunner.ClosedLoopAsync(workload, shape.Clients, TimeSpan.Zero, options.Nodes.Duration);
        var cpu = Sum(system.NodeCpuTimes()) - cpuBefore;
        var allocatedAfter = await system.LeaderAllocatedBytesAsync();
        var summary = result.Latency.Summarize(result.Duration);
        var requests = Math.Max(1, summary.Succeeded + summary.Errors + summary.Unknown);
        // The metrics scrape itself allocates a little on the leader; over thousands of requests it is noise.
        double? allocated = allocatedBefore is { } b && allocatedAfter is { } a && a >= b ? (a - b) / (double)requests : null;
        return new Measurement(system.Name, shape, round, summary, cpu.TotalMicroseconds / requests, allocated);
    }

    private async Task<ColdStart> ColdStartAsync(IBenchedCluster system)
    {
        Console.WriteLine($"{system.Name}: cold start, {options.Cold.TotalSeconds:0} s of 1-client writes right after the start");
        var result = await LoadRunner.ClosedLoopAsync(await system.WritesAsync($"{_runTag}-cold"), 1, TimeSpan.Zero, options.Cold);
        var summary = result.Latency.Summarize(result.Duration);
        return new ColdStart(system.Name, options.Cold.TotalSeconds, summary.P50, summary.Succeeded);
    }

    /// <summary>
    /// What a client of a restarted node feels, last because it leaves a node cold: 1-client
    /// writes through a follower, then the same right after that follower is restarted and ready.
    /// </summary>
    private async Task<RestartStart> RestartAsync(IBenchedCluster system)
    {
        Console.WriteLine($"{system.Name}: 1-client writes through a follower, then {options.Cold.TotalSeconds:0} s of them right after it restarts");
        var before = await system.FollowerWritesAsync($"{_runTag}-f");
        await LoadRunner.ClosedLoopAsync(before, 1, options.Nodes.Warmup, TimeSpan.Zero);
        var warm = await LoadRunner.ClosedLoopAsync(before, 1, TimeSpan.Zero, options.Nodes.Duration);
        var toReady = await system.RestartFollowerAsync();
        var after = await LoadRunner.ClosedLoopAsync(await system.FollowerWritesAsync($"{_runTag}-fr"), 1, TimeSpan.Zero, options.Cold);
        var cold = after.Latency.Summarize(after.Duration);
        return new RestartStart(system.Name, toReady, warm.Latency.Summarize(warm.Duration).P50, options.Cold.TotalSeconds, cold.P50, cold.Succeeded);
    }

    private async Task WarmUpAsync(IBenchedCluster system, TimeSpan duration, int clients)
    {
        var half = duration / 2;
        await LoadRunner.ClosedLoopAsync(await system.WritesAsync($"{_runTag}-warm"), clients, TimeSpan.Zero, half);
        await LoadRunner.ClosedLoopAsync(await system.ReadsAsync($"{_runTag}-warm-r", 100), clients, TimeSpan.Zero, half);
    }

    private static TimeSpan Sum(IReadOnlyList<TimeSpan> times) => times.Aggregate(TimeSpan.Zero, (s, t) => s + t);

    private static string GitCommit()
    {
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = LocalCluster.RepositoryRoot() };
            using var git = Process.Start(start);
            if (git is null) return "unknown";
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? commit : "unknown";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "unknown";
        }
    }
}
