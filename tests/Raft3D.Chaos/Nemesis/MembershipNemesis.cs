using Raft3D.Chaos.Cluster;

namespace Raft3D.Chaos.Nemesis;

/// <summary>
/// Removes one node (the leader half the time, which must hand over first) under load, lets the
/// others run without it for a moment, then brings it back in one of two ways: re-added by hand
/// with POST /join while its process keeps running on its old data (no restart), or killed,
/// wiped and restarted with -clean -join under its old id (what an operator does after a disk
/// loss: remove, then rejoin as a new member). Either way it must end as a voter holding the
/// same state as the others. The way back always runs, even when the run ends in the middle; a
/// node whose removal did not complete is never wiped (it may still count for a quorum).
/// </summary>
public sealed class MembershipNemesis(ChaosCluster cluster, Random rng, FaultJournal journal)
{
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(90);

    public async Task RunOnceAsync(CancellationToken stop, CancellationToken abort)
    {
        if (cluster.Nodes.Any(n => !n.IsRunning || n.IsPaused)) return;
        var leader = rng.NextDouble() < 0.5 ? await cluster.LeaderAsync(stop) : null;
        var victim = leader ?? cluster.Nodes[rng.Next(cluster.Nodes.Count)];
        var wipe = rng.NextDouble() < 0.5;
        var away = TimeSpan.FromSeconds(1 + rng.NextDouble() * 4);
        var changes = new MembershipChanges(cluster);
        var record = journal.Begin(FaultKind.Membership,
            $"remove {victim.Id}{(leader is not null ? " (the leader)" : "")}, then {(wipe ? "wipe it and rejoin with -clean -join" : "re-add it by hand (same process, same data)")} after {away.TotalSeconds:0.0} s");
        var removed = false;
        try
        {
            await changes.RemoveAsync(victim, ChangeTimeout, abort);
            removed = true;
            journal.Log($"nemesis: {victim.Id} removed");
            await Task.Delay(away, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !abort.IsCancellationRequested)
        {
        }
        catch (TimeoutException e)
        {
            journal.Log($"nemesis: removing {victim.Id} did not complete: {e.Message}");
        }
        finally
        {
            await BringBackAsync(victim, wipe && removed, changes, abort);
            journal.End(record, $"{victim.Id} back");
        }
    }

    private async Task BringBackAsync(NodeProcess victim, bool wipe, MembershipChanges changes, CancellationToken abort)
    {
        try
        {
            if (wipe)
            {
                await victim.KillAsync();
                var others = cluster.Nodes.Where(n => n != victim).Select(n => n.HttpAddress).ToList();
                victim.Start(bootstrap: false, join: others);
                await changes.WaitForVoterAsync(victim, ChangeTimeout, abort);
            }
            else
            {
                await changes.AddAsync(victim, ChangeTimeout, abort);
            }
        }
        catch (TimeoutException e)
        {
            // Left as it is: the final convergence check then fails the run, with this line in its log.
            journal.Log($"nemesis: {victim.Id} did not come back: {e.Message}");
        }
    }
}
