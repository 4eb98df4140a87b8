using Akka.Actor;
using Akka.Hosting;
using Raft3D.Consensus.Node;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Backup;

/// <summary>
/// Takes a backup's state from the Raft actor: captured on its thread at a ReadIndex-confirmed
/// applied index (so the backup holds every write acknowledged before it was asked for), and
/// serialised here, off that thread, so a large farm does not hold up replication.
/// </summary>
public sealed class BackupSource(IRequiredActor<RaftActor> raft, NodeOptions node, TimeProvider clock)
{
    private static readonly TimeSpan MinimumAsk = TimeSpan.FromMilliseconds(20);

    /// <summary>The header and payload of a backup, or the reason no leader could confirm one in time.</summary>
    public async Task<(BackupHeader? Header, byte[]? Payload, string? Reason)> TakeAsync(CancellationToken cancellationToken)
    {
        var actor = await raft.GetAsync(cancellationToken);
        var deadline = DateTime.UtcNow + node.Api.RequestTimeout;
        var delay = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining < MinimumAsk) return (null, null, "no leader could confirm the backup's index within the request timeout");
            ReadResult result;
            try
            {
                result = await actor.Ask<ReadResult>(new CaptureState(), remaining, cancellationToken);
            }
            catch (AskTimeoutException)
            {
                return (null, null, $"no leader confirmed the backup's index within {node.Api.RequestTimeout.TotalSeconds:0.#} s");
            }
            switch (result)
            {
                case ReadResult.Served { Value: StateCaptured captured }:
                    var payload = await Task.Run(captured.State.Serialize, cancellationToken);
                    return (new BackupHeader(BackupFormat.Version, captured.ClusterId, captured.Index, captured.Term, clock.GetUtcNow(), payload.Length), payload, null);
                case ReadResult.NoLeader noLeader:
                    if (deadline - DateTime.UtcNow < delay + MinimumAsk) return (null, null, noLeader.Reason);
                    await Task.Delay(delay, cancellationToken);
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
                    break;
                default:
                    throw new InvalidOperationException($"unexpected answer to a backup capture: {result.GetType().Name}");
            }
        }
    }
}
