using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Akka.Actor;
using Raft3D.Consensus.Node;

namespace Raft3D.Bench;

/// <summary>
/// A Raft snapshot of any size (past 2 GiB) on 3 in-process servers: taken and saved, a node
/// restarted from it, and a node that missed it brought up by InstallSnapshot; every restore
/// checks each byte. Usage: bench big-snapshot BYTES (default 2.2 GiB).
/// </summary>
public static class BigSnapshot
{
    public static async Task<int> RunAsync(long bytes)
    {
        var restores = new ConcurrentQueue<(long Length, bool Intact)>();
        await using var cluster = await InProcessCluster.StartAsync(3, snapshotThreshold: int.MaxValue, () => new BulkStateMachine(restores));
        var leader = await cluster.LeaderAsync();
        var nodes = Enumerable.Range(0, 3).ToList();
        var leaderAt = cluster.Nodes.IndexOf(leader);
        var lagging = nodes.First(i => i != leaderAt);
        var restarted = nodes.First(i => i != leaderAt && i != lagging);
        Console.WriteLine($"Raft snapshot of {bytes:N0} bytes ({bytes / (double)(1L << 30):0.00} GiB) on 3 in-process nodes; n{lagging + 1} is down while it is taken");
        await cluster.StopAsync(lagging);

        var applied = await leader.Ask<ProposeResult>(new Propose(Encoding.UTF8.GetBytes(bytes.ToString())), TimeSpan.FromMinutes(1));
        if (applied is not ProposeResult.Applied { Index: var index }) throw new InvalidOperationException($"the command was not applied: {applied}");
        foreach (var node in new[] { leaderAt, restarted })
        {
            var clock = Stopwatch.StartNew();
            var taken = await cluster.Nodes[node].Ask<SnapshotTaken>(TakeSnapshot.Instance, TimeSpan.FromMinutes(30));
            Console.WriteLine($"n{node + 1}: snapshot at index {taken.Index}, {taken.Bytes:N0} bytes, taken and saved in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        Console.WriteLine($"process RSS {Environment.WorkingSet >> 20} MiB, database of n{leaderAt + 1} {new FileInfo(cluster.DatabasePath(leaderAt)).Length >> 20} MiB");

        var recovery = await cluster.RestartAsync(restarted);
        Console.WriteLine($"n{restarted + 1}: restarted from its snapshot in {recovery.TotalSeconds:0.0} s; restore {Describe(restores, bytes)}");

        var catchUp = Stopwatch.StartNew();
        await cluster.StartAgainAsync(lagging);
        while ((await cluster.Nodes[lagging].Ask<RaftStatus>(GetStatus.Instance, TimeSpan.FromMinutes(10))).AppliedIndex < index)
        {
            if (catchUp.Elapsed > TimeSpan.FromMinutes(30)) throw new TimeoutException($"n{lagging + 1} did not catch up in 30 minutes");
            await Task.Delay(500);
        }
        Console.WriteLine($"n{lagging + 1}: caught up by InstallSnapshot in {catchUp.Elapsed.TotalSeconds:0.0} s; restore {Describe(restores, bytes)}");
        var again = await cluster.RestartAsync(lagging);
        Console.WriteLine($"n{lagging + 1}: restarted from the installed snapshot in {again.TotalSeconds:0.0} s; restore {Describe(restores, bytes)}");
        Console.WriteLine($"peak process RSS {Process.GetCurrentProcess().PeakWorkingSet64 >> 20} MiB");
        return restores.All(r => r.Length == bytes && r.Intact) && restores.Count == 3 ? 0 : 1;
    }

    private static string Describe(ConcurrentQueue<(long Length, bool Intact)> restores, long bytes) =>
        restores.LastOrDefault() is var (length, intact) && length > 0
            ? $"read {length:N0} bytes, {(length == bytes && intact ? "every byte as written" : "NOT as written")}"
            : "none";
}
