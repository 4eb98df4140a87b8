using Raft3D.Chaos.Cluster;
using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Nemesis;

/// <summary>
/// Injects one fault at a time, with quiet spells between them, all choices drawn from the
/// run's seed: which kind (every kind once first), which variant, the leader or a random node, how long. Every fault
/// is undone before the next one, and <see cref="RunAsync"/> heals everything when it ends.
/// </summary>
public sealed class NemesisRunner(ChaosCluster cluster, IReadOnlyCollection<FaultKind> kinds, int seed, MonotonicClock clock, Action<string> log)
{
    private readonly Random _rng = new(seed);
    private readonly FaultJournal _journal = new(clock, log);

    public List<FaultRecord> Faults => _journal.Faults;

    /// <summary>Runs faults until stop; abort (the whole run ends) also cuts short what a membership change must finish.</summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken abort = default)
    {
        var disk = new DiskNemesis(cluster, _rng, _journal);
        var membership = new MembershipNemesis(cluster, _rng, _journal);
        if (kinds.Count == 0) return;
        var choices = kinds.ToArray();
        // Each kind once first, in an order drawn from the seed, so that a short run sees them all.
        var first = choices.OrderBy(_ => _rng.Next()).ToArray();
        var round = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(Seconds(2, 5), stop);
                var kind = round < first.Length ? first[round] : choices[_rng.Next(choices.Length)];
                round++;
                switch (kind)
                {
                    case FaultKind.Kill:
                        await KillAsync(stop);
                        break;
                    case FaultKind.Pause:
                        await PauseAsync(stop);
                        break;
                    case FaultKind.Partition:
                        await PartitionAsync(stop);
                        break;
                    case FaultKind.Disk:
                        await disk.RunOnceAsync(stop);
                        break;
                    case FaultKind.Membership:
                        await membership.RunOnceAsync(stop, abort);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            cluster.HealAll();
            _journal.CloseOpen();
        }
    }

    private TimeSpan Seconds(double min, double max) => TimeSpan.FromSeconds(min + _rng.NextDouble() * (max - min));

    /// <summary>The targets: the leader first when asked for it (and there is one), then random others.</summary>
    private async Task<List<NodeProcess>> TargetsAsync(int count, bool leaderFirst, CancellationToken stop)
    {
        var order = cluster.Nodes.OrderBy(_ => _rng.Next()).ToList();
        if (leaderFirst && await cluster.LeaderAsync(stop) is { } leader)
        {
            order.Remove(leader);
            order.Insert(0, leader);
        }
        return order.Take(count).ToList();
    }

    private int Minority => (cluster.Nodes.Count - 1) / 2;

    private FaultRecord Begin(FaultKind kind, string description) => _journal.Begin(kind, description);

    private void End(FaultRecord record, string what) => _journal.End(record, what);

    private async Task KillAsync(CancellationToken stop)
    {
        var roll = _rng.NextDouble();
        var all = roll < 0.1;
        var count = all ? cluster.Nodes.Count : roll < 0.35 && Minority > 1 ? Minority : 1;
        var leaderFirst = _rng.NextDouble() < 0.5;
        var hold = Seconds(1, 5);
        var victims = await TargetsAsync(count, leaderFirst, stop);
        var record = Begin(FaultKind.Kill, $"kill -9 {Names(victims)}{(all ? " (every node)" : leaderFirst ? " (leader first)" : "")}, restart after {hold.TotalSeconds:0.0} s");
        await Task.WhenAll(victims.Select(v => v.KillAsync()));
        try
        {
            await Task.Delay(hold, stop);
        }
        finally
        {
            foreach (var v in victims.Where(v => !v.IsRunning)) v.Start(bootstrap: false);
            End(record, $"restarted {Names(victims)}");
        }
    }

    private async Task PauseAsync(CancellationToken stop)
    {
        var count = _rng.NextDouble() < 0.3 && Minority > 1 ? Minority : 1;
        var leaderFirst = _rng.NextDouble() < 0.5;
        var hold = Seconds(2, 8);
        var victims = (await TargetsAsync(count, leaderFirst, stop)).Where(v => v.IsRunning).ToList();
        var record = Begin(FaultKind.Pause, $"SIGSTOP {Names(victims)}{(leaderFirst ? " (leader first)" : "")} for {hold.TotalSeconds:0.0} s");
        foreach (var v in victims) v.Pause();
        try
        {
            await Task.Delay(hold, stop);
        }
        finally
        {
            foreach (var v in victims) v.Resume();
            End(record, $"SIGCONT {Names(victims)}");
        }
    }

    private async Task PartitionAsync(CancellationToken stop)
    {
        var network = cluster.Network ?? throw new InvalidOperationException("partitions need network namespaces");
        var n = cluster.Nodes.Count;
        var hold = Seconds(3, 10);
        var roll = _rng.NextDouble();
        List<IReadOnlyList<int>> groups;
        string shape;
        if (roll < 0.4)
        {
            var isolated = (await TargetsAsync(1, leaderFirst: true, stop))[0];
            groups = [[isolated.Number], cluster.Nodes.Where(x => x != isolated).Select(x => x.Number).ToList()];
            shape = $"isolate {isolated.Id} (the leader, if there was one)";
        }
        else if (roll < 0.75 || n < 5)
        {
            var shuffled = cluster.Nodes.OrderBy(_ => _rng.Next()).Select(x => x.Number).ToList();
            var minority = _rng.Next(1, Minority + 1);
            groups = [shuffled.Take(minority).ToList(), shuffled.Skip(minority).ToList()];
            shape = $"split {Show(groups[0])} | {Show(groups[1])}";
        }
        else
        {
            // A bridge: two halves that cannot see each other, and one node that sees both.
            var shuffled = cluster.Nodes.OrderBy(_ => _rng.Next()).Select(x => x.Number).ToList();
            var bridge = shuffled[0];
            var half = (n - 1) / 2;
            var left = shuffled.Skip(1).Take(half).ToList();
            var right = shuffled.Skip(1 + half).ToList();
            foreach (var a in left)
            {
                foreach (var b in right)
                {
                    network.Block(a, b);
                    network.Block(b, a);
                }
            }
            groups = [];
            shape = $"bridge {Show(left)} | node{bridge} | {Show(right)}";
        }
        var record = Begin(FaultKind.Partition, $"{shape} for {hold.TotalSeconds:0.0} s");
        if (groups.Count > 0) network.Partition(groups);
        try
        {
            await Task.Delay(hold, stop);
        }
        finally
        {
            network.Heal();
            End(record, "network healed");
        }
    }

    private static string Names(IEnumerable<NodeProcess> nodes) => string.Join(",", nodes.Select(n => n.Id));

    private static string Show(IEnumerable<int> numbers) => "{" + string.Join(",", numbers.Select(x => $"node{x}")) + "}";
}
