using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Snapshots;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Backup;

/// <summary>
/// Takes a backup's state from the Raft actor: captured on its thread at a ReadIndex-confirmed
/// applied index (so the backup holds every write acknowledged before it was asked for), and
/// serialised here, off that thread and paced as a snapshot is, so a large farm holds
/// up neither replication nor the node's other work.
/// </summary>
public sealed class BackupSource(RaftNode raft, TimeProvider clock, NodeOptions node)
{
    /// <summary>The header and payload of a backup, or the reason no leader could confirm one in time.</summary>
    public async Task<(BackupHeader? Header, byte[]? Payload, string? Reason)> TakeAsync(CancellationToken cancellationToken)
    {
        var outcome = await raft.CaptureStateAsync(ReadConsistency.Linearizable, cancellationToken);
        if (outcome is not ReadOutcome<StateCaptured>.Served { Value: var captured })
            return (null, null, (outcome as ReadOutcome<StateCaptured>.NoLeader)?.Reason ?? $"unexpected read outcome {outcome}");
        var payload = await BackgroundThread.Run("raft3d-backup", node.SnapshotCpuPercent, () =>
        {
            using var bytes = new MemoryStream();
            captured.State.WriteTo(bytes);
            return bytes.ToArray();
        }).WaitAsync(cancellationToken);
        return (new BackupHeader(BackupFormat.Version, captured.ClusterId, captured.Index, captured.Term, clock.GetUtcNow(), payload.Length), payload, null);
    }
}
