using Raft3D.Consensus.Settings;

namespace Raft3D.Consensus.Core;

/// <summary>
/// The tunables of the Raft core, in logical ticks (the actor maps a tick to wall time). Unset,
/// each takes its default from the reference configuration (Settings/reference.conf).
/// </summary>
public sealed record RaftOptions
{
    /// <summary>Minimum election timeout; each node draws its timeout from [ElectionTicks, 2·ElectionTicks) (§5.2).</summary>
    public int ElectionTicks { get; init; } = RaftReference.Int("raft3d.raft.election-ticks");

    public int HeartbeatTicks { get; init; } = RaftReference.Int("raft3d.raft.heartbeat-ticks");

    /// <summary>Pre-vote phase before each election (thesis §9.6).</summary>
    public bool PreVote { get; init; } = RaftReference.Boolean("raft3d.raft.pre-vote");

    /// <summary>Leaders step down without a majority's contact for an election timeout (thesis §6.2).</summary>
    public bool CheckQuorum { get; init; } = RaftReference.Boolean("raft3d.raft.check-quorum");

    /// <summary>AppendEntries in flight per follower while replicating (pipelining).</summary>
    public int MaxInflight { get; init; } = RaftReference.Int("raft3d.raft.max-inflight");

    /// <summary>Cap on the entries of one AppendEntries, below Akka.Remote's maximum frame size.</summary>
    public int MaxAppendBytes { get; init; } = (int)RaftReference.Bytes("raft3d.raft.max-append-bytes");

    /// <summary>Bytes of snapshot per InstallSnapshot message (below Akka.Remote's maximum frame size).</summary>
    public int SnapshotChunkBytes { get; init; } = (int)RaftReference.Bytes("raft3d.raft.snapshot-chunk-bytes");

    /// <summary>A learner becomes a voter once its log is within this many entries of the leader's.</summary>
    public long PromoteWithinEntries { get; init; } = RaftReference.Int("raft3d.raft.promote-within-entries");

    /// <summary>
    /// Autopilot: the leader removes a member silent for this many ticks (0: never, unless set:
    /// a host converts raft3d.raft.remove-dead-servers-after with its tick).
    /// </summary>
    public int RemoveDeadServersAfterTicks { get; init; }

    /// <summary>Autopilot never removes a voter when fewer than this many voters would remain.</summary>
    public int MinimumVoters { get; init; } = RaftReference.Int("raft3d.raft.minimum-voters");
}
