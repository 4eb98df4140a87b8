using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Node;
using Raft3D.Server.Cluster;
using Raft3D.Server.Hosting;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Settings;

/// <summary>
/// Gives a cluster its first settings: while the applied state has none and this node leads a
/// configuration whose members all run a release that knows settings entries, it proposes the
/// bounds of its own raft3d.idempotency as a settings entry applied only if the log has set
/// none yet. A new cluster gets them from its first leader; one upgraded from the previous
/// release, once its last member is upgraded. From then on they change only through the log
/// (PATCH /cluster/settings), and each node's own values are ignored: it says so once when
/// they differ.
/// </summary>
public sealed class ClusterSettingsSeeder(NodeOptions node, RaftNode raft, AppliedFarm applied, MemberReleases releases,
    ILogger<ClusterSettingsSeeder> logger) : BackgroundService
{
    /// <summary>
    /// Short: until the entry applies, PATCH and DELETE are refused, and objects written before it
    /// take its index as version when it applies (<see cref="StateMachine.FarmStateMachine"/>).
    /// </summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>The settings this node proposes: its raft3d.idempotency bounds.</summary>
    public ClusterSettings Initial { get; } = new(node.Idempotency.MaxEntries, node.Idempotency.MaxAge);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (applied.Latest?.Settings is null)
            {
                try
                {
                    await ProposeIfLeaderAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failed round must not stop the node (nor the next round): say so, try again.
                    logger.LogWarning(e, "Could not propose the cluster's first settings; trying again");
                }
                await Task.Delay(Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        if (applied.Latest.Settings != Initial)
            logger.LogInformation("The cluster applies {Cluster}; this node's raft3d.idempotency ({Own}) is not used (change the cluster's with PATCH /cluster/settings)",
                Describe(applied.Latest.Settings), Describe(Initial));
    }

    private async Task ProposeIfLeaderAsync(CancellationToken cancellationToken)
    {
        if (await raft.StatusAsync(cancellationToken) is not StatusOutcome.Known { Status.Role: RaftRole.Leader }) return;
        if (await releases.RefusalAsync(UpgradeRules.SettingsVersion, cancellationToken) is not null) return;
        var outcome = await raft.ProposeAsync(ClusterSettingsEntry.Of(Initial, onlyIfUnset: true).Encode(), cancellationToken);
        if (outcome is ProposeOutcome.Applied { Index: var index })
            logger.LogInformation("Proposed this node's raft3d.idempotency ({Settings}) as the cluster's first settings, applied at {Index}", Describe(Initial), index);
    }

    private static string Describe(ClusterSettings settings) =>
        $"max-entries = {settings.IdempotencyMaxEntries}, max-age = {settings.IdempotencyMaxAge.TotalSeconds}s";
}
