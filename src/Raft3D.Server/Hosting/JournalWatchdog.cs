using Raft3D.Consensus.Node;

namespace Raft3D.Server.Hosting;

/// <summary>
/// Watches <see cref="JournalHealth"/>: one line when the journal starts failing and one when it
/// recovers; a fault that lasts past raft3d.storage.give-up-after stops the node with
/// <see cref="NodeExit.JournalFailed"/> and one line that says why, so that its supervisor
/// restarts the process instead of it staying up without a working Raft actor.
/// </summary>
public sealed class JournalWatchdog(JournalHealth health, NodeOptions node, NodeExit exit, IHostApplicationLifetime lifetime,
    ILogger<JournalWatchdog> log, TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        JournalFault? reported = null;
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var fault = health.Fault;
            if (fault is not null && reported is null)
                log.LogWarning("The Raft journal {Database} is failing ({Error}); the Raft actor restarts from it with back-off and the node " +
                               "reports not ready; it exits if no write succeeds within {GiveUp} s",
                    node.DatabasePath, fault.LastError, node.Storage.GiveUpAfter.TotalSeconds);
            else if (fault is null && reported is not null)
                log.LogInformation("The Raft journal {Database} works again after {Seconds:0.0} s", node.DatabasePath,
                    (clock.GetUtcNow() - reported.Since).TotalSeconds);
            reported = fault;
            if (!JournalHealth.ShouldGiveUp(fault, clock.GetUtcNow(), node.Storage.GiveUpAfter)) continue;
            log.LogCritical("The Raft journal {Database} has failed for {Seconds:0} s ({Failures} failed calls, last: {Error}); " +
                            "exiting with code {Code} so that the service manager restarts the node",
                node.DatabasePath, (clock.GetUtcNow() - fault!.Since).TotalSeconds, fault.Failures, fault.LastError, NodeExit.JournalFailed);
            exit.Fail(NodeExit.JournalFailed);
            lifetime.StopApplication();
            return;
        }
    }
}
