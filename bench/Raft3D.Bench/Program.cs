using System.Diagnostics;
using Akka.Actor;
using Raft3D.Bench;
using Raft3D.Consensus.Node;

// Raft layer throughput: committed-and-applied proposals per second on a 3-node cluster in this
// process (SQLite journals with fsync, Akka.Remote on loopback), closed loop, warm-up excluded.
//   dotnet run -c Release --project bench/Raft3D.Bench -- [seconds] [concurrency,...] [payload bytes]
var seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
var levels = args.Length > 1 ? args[1].Split(',').Select(int.Parse).ToArray() : [1, 16, 64];
var payload = new byte[args.Length > 2 ? int.Parse(args[2]) : 64];

await using var cluster = await InProcessCluster.StartAsync(3);
Console.WriteLine($"3 nodes in one process, {payload.Length}-byte commands, {seconds} s per level after a 2 s warm-up");
foreach (var concurrency in levels)
{
    var leader = await cluster.LeaderAsync();
    var follower = cluster.Nodes.First(n => !n.Equals(leader));
    foreach (var (name, target) in new[] { ("leader", leader), ("follower", follower) })
    {
        await RunAsync(target, concurrency, TimeSpan.FromSeconds(2), null);
        var recorder = new LatencyRecorder();
        await RunAsync(target, concurrency, TimeSpan.FromSeconds(seconds), recorder);
        Console.WriteLine(recorder.Report($"propose via {name}, {concurrency} proposers", TimeSpan.FromSeconds(seconds)));
    }
}

async Task RunAsync(IActorRef target, int concurrency, TimeSpan duration, LatencyRecorder? recorder)
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
