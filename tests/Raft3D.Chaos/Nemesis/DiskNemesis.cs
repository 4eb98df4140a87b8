using Raft3D.Chaos.Cluster;

namespace Raft3D.Chaos.Nemesis;

/// <summary>
/// Journal faults on one node at a time. A stall holds BEGIN EXCLUSIVE on the node's raft.db for
/// longer than the journal's call timeout (10 s), so its writes time out and fail; a failure fills
/// the node's tmpfs data volume (when the run could mount them) so its writes fail with "disk
/// full". Either way the node must stop serving what it cannot persist, come back by itself once
/// the fault clears (its supervisor restarts the Raft actor from the durable journal) and never
/// lose an acknowledged write.
/// </summary>
public sealed class DiskNemesis(ChaosCluster cluster, Random rng, FaultJournal journal)
{
    /// <summary>Longer than raft3d.storage.call-timeout (10 s), so a held lock fails writes rather than only slowing them.</summary>
    private static readonly (double Min, double Max) StallSeconds = (11, 16);

    public async Task RunOnceAsync(CancellationToken stop)
    {
        var running = cluster.Nodes.Where(n => n.IsRunning && !n.IsPaused).ToList();
        if (running.Count == 0) return;
        var leader = rng.NextDouble() < 0.5 ? await cluster.LeaderAsync(stop) : null;
        var victim = leader ?? running[rng.Next(running.Count)];
        if (cluster.Volumes.TryGetValue(victim.Id, out var volume) && rng.NextDouble() < 0.5) await FillAsync(victim, volume, leader is not null, stop);
        else await StallAsync(victim, leader is not null, stop);
    }

    private async Task StallAsync(NodeProcess victim, bool isLeader, CancellationToken stop)
    {
        var hold = Seconds(StallSeconds.Min, StallSeconds.Max);
        using var holder = await SqliteLockHolder.TakeAsync(Path.Combine(victim.DataDirectory, "raft.db"), TimeSpan.FromSeconds(10), stop);
        if (holder is null)
        {
            journal.Log($"nemesis: could not lock {victim.Id}'s raft.db; skipped");
            return;
        }
        var record = journal.Begin(FaultKind.Disk, $"stall {victim.Id}'s journal{(isLeader ? " (the leader)" : "")}: BEGIN EXCLUSIVE on raft.db for {hold.TotalSeconds:0.0} s");
        try
        {
            await Task.Delay(hold, stop);
        }
        finally
        {
            holder.Dispose();
            journal.End(record, $"released {victim.Id}'s raft.db");
        }
    }

    private async Task FillAsync(NodeProcess victim, TmpfsVolume volume, bool isLeader, CancellationToken stop)
    {
        var hold = Seconds(3, 8);
        var record = journal.Begin(FaultKind.Disk, $"fill {victim.Id}'s {volume.Megabytes} MB data volume{(isLeader ? " (the leader)" : "")} for {hold.TotalSeconds:0.0} s");
        try
        {
            var bytes = volume.Fill();
            journal.Log($"nemesis: {victim.Id}'s volume full after {bytes >> 20} MB of filler");
            await Task.Delay(hold, stop);
        }
        finally
        {
            volume.Free();
            journal.End(record, $"freed {victim.Id}'s data volume");
        }
    }

    private TimeSpan Seconds(double min, double max) => TimeSpan.FromSeconds(min + rng.NextDouble() * (max - min));
}
