using System.Diagnostics;

namespace Raft3D.Bench.Http;

/// <summary>
/// kill -9 of the leader under write load, several rounds. Closed-loop writers spread over all
/// three nodes keep running; a prober sends a fresh write every 10 ms to the survivors, so the
/// first write that can succeed is seen at once rather than after some client's time-out. After
/// each round the killed node is restarted from its data and the cluster is let heal.
/// </summary>
public sealed class FailoverScenario(ClusterClient client, LocalCluster cluster, HttpBenchOptions options, string runTag)
{
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    public async Task<FailoverSummary> RunAsync()
    {
        var rounds = new List<FailoverRound>();
        for (var round = 1; round <= options.FailoverRounds; round++)
        {
            FailoverRound result;
            try
            {
                result = await RoundAsync(round);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                // Report the rounds that completed rather than none.
                Console.Error.WriteLine($"failover round {round} failed: {e.Message}; stopping after {rounds.Count} rounds");
                break;
            }
            Console.WriteLine($"failover round {round}: killed {result.Killed}, {result.NewLeader} leader after {result.ElectionMs:0} ms, " +
                              $"first write after {result.FirstWriteMs:0} ms; load: {result.Succeeded} ok, {result.Failed} failed, " +
                              $"{result.Unknown} outcome unknown (the longest answered after {result.LongestUnknownMs:0} ms) (load {result.Load})");
            rounds.Add(result);
        }
        return FailoverSummary.From(rounds, options.FailoverConcurrency);
    }

    private async Task<FailoverRound> RoundAsync(int round)
    {
        await cluster.WaitHealthyAsync(client, TimeSpan.FromSeconds(120));
        // On a busy box the leadership can move between the health check and here: look again.
        LeaderInfo? found = null;
        await client.WaitAsync(TimeSpan.FromSeconds(60), "a leader", async () => (found = await client.FindLeaderAsync(cluster.HttpAddresses)) is not null);
        var leader = cluster.ByHttp(found!.HttpAddress);
        var survivors = cluster.HttpAddresses.Where(a => a != leader.HttpAddress).ToList();

        var load = new LatencyRecorder();
        var writes = new PrinterWrites(client, new TargetSet(cluster.HttpAddresses, client.Scheme), $"{runTag}-fo{round}");
        long killedAt = long.MaxValue, firstSuccess = long.MaxValue, sequence = 0;
        // How long clients waited to learn that the outcome of their write cannot be known.
        var unknownWaits = new LatencyHistogram();
        var stop = false;

        void Succeeded(long started)
        {
            if (started < Volatile.Read(ref killedAt)) return;
            var now = Stopwatch.GetTimestamp();
            var seen = Interlocked.Read(ref firstSuccess);
            while (now < seen)
            {
                var previous = Interlocked.CompareExchange(ref firstSuccess, now, seen);
                if (previous == seen) break;
                seen = previous;
            }
        }

        var workers = Enumerable.Range(0, options.FailoverConcurrency).Select(slot => Task.Run(async () =>
        {
            while (!Volatile.Read(ref stop))
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await writes.ExecuteAsync(Interlocked.Increment(ref sequence), slot, CancellationToken.None);
                switch (outcome)
                {
                    case RequestOutcome.Succeeded:
                        load.Record(started);
                        Succeeded(started);
                        break;
                    case RequestOutcome.Unknown:
                        load.OutcomeUnknown();
                        unknownWaits.Record(Stopwatch.GetElapsedTime(started));
                        break;
                    default:
                        load.Error();
                        if (outcome == RequestOutcome.Refused) await Task.Delay(10);
                        break;
                }
            }
        })).ToList();

        await Task.Delay(Steady);
        var loadAverage = LoadAverage.Now();
        var probeTargets = new TargetSet(survivors, client.Scheme);
        var probes = new LatencyRecorder();
        var pendingProbes = new List<Task>();

        Volatile.Write(ref killedAt, Stopwatch.GetTimestamp());
        leader.Kill();

        // Probe: a fresh write every 10 ms to the survivors, and their status every 10 ms.
        string? newLeader = null;
        var electedAt = long.MaxValue;
        var probeNumber = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(GiveUp.TotalSeconds * Stopwatch.Frequency);
        while (Interlocked.Read(ref firstSuccess) == long.MaxValue || newLeader is null)
        {
            if (Stopwatch.GetTimestamp() > deadline) break;
            var slot = probeNumber++;
            pendingProbes.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await writes.ExecuteProbeAsync(probeTargets, Interlocked.Increment(ref sequence), slot);
                if (outcome == RequestOutcome.Succeeded) Succeeded(started);
                else if (outcome == RequestOutcome.Unknown) probes.OutcomeUnknown();
                else probes.Error();
            }));
            if (newLeader is null)
            {
                var polledAt = Stopwatch.GetTimestamp();
                if (await client.FindLeaderAsync(survivors) is { } elected)
                {
                    newLeader = elected.Status.NodeId;
                    electedAt = polledAt;
                }
            }
            await Task.Delay(10);
        }

        await Task.Delay(After);
        Volatile.Write(ref stop, true);
        await Task.WhenAll(workers);
        await Task.WhenAll(pendingProbes);

        var killed = Volatile.Read(ref killedAt);
        double Ms(long at) => at == long.MaxValue ? double.NaN : (at - killed) * 1000.0 / Stopwatch.Frequency;
        var result = new FailoverRound(round, leader.Id, newLeader ?? "none", Ms(electedAt), Ms(Interlocked.Read(ref firstSuccess)),
            load.Histogram.Count, load.Errors, load.Unknown, unknownWaits.Count == 0 ? 0 : unknownWaits.MaxMilliseconds,
            probes.Errors, probes.Unknown, loadAverage);

        leader.Start();
        return result;
    }
}
