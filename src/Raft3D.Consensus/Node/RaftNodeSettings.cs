using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Settings;

namespace Raft3D.Consensus.Node;

/// <summary>What a <see cref="RaftActor"/> needs to run; unset tunables take their defaults from Settings/reference.conf.</summary>
public sealed record RaftNodeSettings(string NodeId, Func<IStateMachine> StateMachineFactory)
{
    public RaftOptions Options { get; init; } = new();

    /// <summary>Wall time of one logical tick: election timeout = ElectionTicks × TickInterval.</summary>
    public TimeSpan TickInterval { get; init; } = RaftReference.Duration("raft3d.raft.tick-interval");

    /// <summary>The first configuration, written when this node's log is empty; ignored otherwise.</summary>
    public ClusterConfiguration? Bootstrap { get; init; }

    /// <summary>
    /// With Bootstrap on an empty log: the new cluster's state is this backup, taken at its
    /// index and term (the log continues after it). Ignored when the node already has state.
    /// </summary>
    public RestorePoint? Restore { get; init; }

    /// <summary>
    /// This node, as it is now: it restarts from its own data as the only voter of its cluster
    /// (a majority is lost for good). Null for a normal start.
    /// </summary>
    public Member? ForceNewCluster { get; init; }

    /// <summary>The Raft actor's name under /user on every node, so peers find one another by address.</summary>
    public string ActorName { get; init; } = "raft";

    /// <summary>Most proposals one journal write and one AppendEntries batch carry.</summary>
    public int MaxProposalBatch { get; init; } = RaftReference.Int("raft3d.raft.max-proposal-batch");

    /// <summary>
    /// Most writes that may wait at the leader (gathered for the next batch, or proposed and not yet
    /// applied); past it a proposal is refused at once with <see cref="ProposeResult.Overloaded"/>
    /// instead of queueing without bound.
    /// </summary>
    public int MaxPendingProposals { get; init; } = RaftReference.Int("raft3d.raft.max-pending-proposals");

    /// <summary>Take a snapshot and compact the log once this many entries are applied past the last one.</summary>
    public long SnapshotThresholdEntries { get; init; } = RaftReference.Int("raft3d.raft.snapshot-threshold");

    /// <summary>... or once the entries applied past the last snapshot hold this many bytes (0: no byte bound).</summary>
    public long SnapshotThresholdBytes { get; init; } = RaftReference.Bytes("raft3d.raft.snapshot-threshold-bytes");

    /// <summary>A snapshot larger than this is stored (and held in memory) in segments of this size.</summary>
    public int SnapshotSegmentBytes { get; init; } = (int)RaftReference.Bytes("raft3d.raft.snapshot-segment-bytes");

    /// <summary>The share of one core (1-100 percent) the thread that serialises a snapshot holds itself to.</summary>
    public int SnapshotCpuPercent { get; init; } = RaftReference.Int("raft3d.raft.snapshot-cpu-percent");

    /// <summary>Seed of the election-timeout randomness (null: random).</summary>
    public int? RandomSeed { get; init; }

    /// <summary>The clock the leader stamps commands with (see <see cref="IStateMachine.Stamp"/>).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Shared by every incarnation of the actor: a journal fault and its end (readiness, the host's watchdog).</summary>
    public JournalHealth JournalHealth { get; init; } = new();

    /// <summary>The supervisor restarts a Raft actor stopped by a journal failure after this back-off, doubling up to the maximum.</summary>
    /// <summary>Journal events a saved snapshot covers are deleted this many per statement, a tick apart.</summary>
    public int JournalDeleteBatch { get; init; } = RaftReference.Int("raft3d.storage.journal-delete-batch");

    public TimeSpan RestartMinBackoff { get; init; } = RaftReference.Duration("raft3d.storage.restart-min-backoff");

    public TimeSpan RestartMaxBackoff { get; init; } = RaftReference.Duration("raft3d.storage.restart-max-backoff");

    public string PersistenceId => $"raft-{NodeId}";
}
