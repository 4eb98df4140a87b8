using System.Diagnostics;
using Akka.Actor;
using Raft3D.Bench;
using Raft3D.Bench.Http;
using Raft3D.Bench.SideBySide;
using Raft3D.Consensus.Node;

// Measurements of the Raft layer on a 3-node cluster in this process (SQLite journals with
// fsync, Akka.Remote on loopback), closed loop, warm-up excluded.
//   dotnet run -c Release --project bench/Raft3D.Bench -- throughput [seconds] [concurrency,...] [payload bytes]
//   dotnet run -c Release --project bench/Raft3D.Bench -- compaction [writes] [snapshot threshold]
//   dotnet run -c Release --project bench/Raft3D.Bench -- journal [appends] [folder]
//   dotnet run -c Release --project bench/Raft3D.Bench -- big-snapshot [bytes]   (a Raft snapshot past 2 GiB)
// What the journal waits for while SQLite's write lock saves segments or deletes events (LockWait):
//   dotnet run -c Release --project bench/Raft3D.Bench -- lock-wait [segments segment-mib delete-rows delete-batch folder]
// What a niced or paced worker thread does to a process's garbage collections on busy cores (GcStall):
//   dotnet run -c Release --project bench/Raft3D.Bench -- gc-stall [seconds]
// And of the print farm state machine alone at real size (apply rate, pages, snapshots):
//   dotnet run -c Release --project bench/Raft3D.Bench -- scale [jobs] [filepath-chars] [printers] [filaments]
// And of real server processes through the REST API (see HttpBenchOptions.Usage, docs/benchmarks.md):
//   dotnet run -c Release --project bench/Raft3D.Bench -- http [--scenarios ...] [--json results.json]
// And the issue-20 targets on such a cluster loaded to real size (ClusterScale.Usage):
//   dotnet run -c Release --project bench/Raft3D.Bench -- cluster-scale [printers filaments jobs]
// And side by side with a 3-node etcd, or with itself under TLS and API keys (SideBySideOptions.Usage):
//   dotnet run -c Release --project bench/Raft3D.Bench -- versus [--against etcd|secure]
var mode = args.Length > 0 ? args[0] : "throughput";
var rest = args.Skip(1).ToArray();
switch (mode)
{
    case "throughput":
        await ThroughputAsync(
            rest.Length > 0 ? int.Parse(rest[0]) : 10,
            rest.Length > 1 ? rest[1].Split(',').Select(int.Parse).ToArray() : [1, 16, 64],
            new byte[rest.Length > 2 ? int.Parse(rest[2]) : 64]);
        break;
    case "compaction":
        await CompactionAsync(rest.Length > 0 ? int.Parse(rest[0]) : 100_000, rest.Length > 1 ? long.Parse(rest[1]) : 10_000);
        break;
    case "journal":
        await JournalLatency.RunAsync(rest.Length > 0 ? int.Parse(rest[0]) : 5000,
            rest.Length > 1 ? rest[1] : Path.Combine(Path.GetTempPath(), "raft3d-journal-latency"));
        break;
    case "http":
        return await HttpBench.RunAsync(rest);
    case "cluster-scale":
        return await ClusterScale.RunAsync(rest);
    case "versus":
        return await SideBySideBench.RunAsync(rest);
    case "big-snapshot":
        return await BigSnapshot.RunAsync(rest.Length > 0 ? long.Parse(rest[0]) : 2_362_232_012);
    case "lock-wait":
        LockWait.Run(rest.Length > 0 ? int.Parse(rest[0]) : 9, rest.Length > 1 ? int.Parse(rest[1]) : 4,
            rest.Length > 2 ? int.Parse(rest[2]) : 100_000, rest.Length > 3 ? int.Parse(rest[3]) : 5_000,
            rest.Length > 4 ? rest[4] : Path.Combine(Path.GetTempPath(), "raft3d-lock-wait"));
        break;
    case "gc-stall":
        GcStall.Run(rest.Length > 0 ? int.Parse(rest[0]) : 10);
        break;
    case "scale":
        FarmScale.Run(rest.Length > 0 ? int.Parse(rest[0]) : 1_000_000, rest.Length > 1 ? int.Parse(rest[1]) : 0,
            rest.Length > 2 ? int.Parse(rest[2]) : 1_000, rest.Length > 3 ? int.Parse(rest[3]) : 1_000);
        break;
    default:
        Console.Error.WriteLine($"unknown mode {mode}: use throughput, compaction, journal, lock-wait, gc-stall, http, cluster-scale, versus, scale or big-snapshot\n\n{LockWait.Usage}\n{GcStall.Usage}\n{HttpBenchOptions.Usage}\n{ClusterScale.Usage}\n{SideBySideOptions.Usage}");
        return 2;
}
return 0;

static async Task ThroughputAsync(int seconds, int[] levels, byte[] payload)
{
    await using var cluster = await InProcessCluster.StartAsync(3);
    Console.WriteLine($"3 nodes in one process, {payload.Length}-byte commands, {seconds} s per level after a 2 s warm-up");
    foreach (var concurrency in levels)
    {
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Nodes.First(n => !n.Equals(leader));
        foreach (var (name, target) in new[] { ("leader", leader), ("follower", follower) })
        {
            await WriteAsync(target, concurrency, payload, TimeSpan.FromSeconds(2), null);
            var recorder = new LatencyRecorder();
            await WriteAsync(target, concurrency, payload, TimeSpan.FromSeconds(seconds), recorder);
            Console.WriteLine(recorder.Report($"propose via {name}, {concurrency} proposers", TimeSpan.FromSeconds(seconds)));
        }
    }
}

/// <summary>Database size and restart time over a long run with periodic compaction (issue 6).</summary>
static async Task CompactionAsync(int writes, long threshold)
{
    await using var cluster = await InProcessCluster.StartAsync(3, threshold);
    var payload = new byte[64];
    Console.WriteLine($"{writes} writes of {payload.Length} bytes, snapshot every {threshold} entries, 64 proposers");
    Console.WriteLine($"{"writes",8} {"n1 db+wal (KiB)",16} {"n2",10} {"n3",10}");
    var step = writes / 10;
    for (var done = 0; done < writes; done += step)
    {
        await WriteCountAsync(await cluster.LeaderAsync(), 64, payload, step);
        var sizes = Enumerable.Range(0, 3).Select(i => FileSize(cluster.DatabasePath(i)) / 1024).ToList();
        Console.WriteLine($"{done + step,8} {sizes[0],16} {sizes[1],10} {sizes[2],10}");
    }
    var leader = await cluster.LeaderAsync();
    var follower = cluster.Nodes.FindIndex(n => !n.Equals(leader));
    var restart = await cluster.RestartAsync(follower);
    var status = await cluster.Nodes[follower].Ask<RaftStatus>(GetStatus.Instance, TimeSpan.FromSeconds(5));
    Console.WriteLine($"restart of n{follower + 1}: {restart.TotalMilliseconds:0} ms to recover (snapshot at {status.SnapshotIndex}, {status.LogEntries} log entries replayed)");
}

static long FileSize(string path) =>
    new[] { path, path + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);

static async Task WriteAsync(IActorRef target, int concurrency, byte[] payload, TimeSpan duration, LatencyRecorder? recorder)
{
    var stop = DateTime.UtcNow + duration;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (DateTime.UtcNow < stop)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await target.Ask<ProposeResult>(new Propose(payload), TimeSpan.FromSeconds(10));
            if (result is ProposeResult.Applied) recorder?.Record(started);
            else recorder?.Error();
        }
    }));
}

static async Task WriteCountAsync(IActorRef target, int concurrency, byte[] payload, int count)
{
    var remaining = count;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Interlocked.Decrement(ref remaining) >= 0)
        {
            var result = await target.Ask<ProposeResult>(new Propose(payload), TimeSpan.FromSeconds(10));
            if (result is not ProposeResult.Applied) throw new InvalidOperationException($"write failed: {result}");
        }
    }));
}
