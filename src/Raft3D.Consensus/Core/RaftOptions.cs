namespace Raft3D.Consensus.Core;

/// <summary>The tunables of the Raft core, in logical ticks (the actor maps a tick to wall time).</summary>
public sealed record RaftOptions
{
    /// <summary>Minimum election timeout; each node draws its timeout from [ElectionTicks, 2·ElectionTicks) (§5.2).</summary>
    public int ElectionTicks { get; init; } = 10;

    public int HeartbeatTicks { get; init; } = 2;

    /// <summary>Pre-vote phase before each election (thesis §9.6).</summary>
    public bool PreVote { get; init; } = true;

    /// <summary>Leaders step down without a majority's contact for an election timeout (thesis §6.2).</summary>
    public bool CheckQuorum { get; init; } = true;

    /// <summary>AppendEntries in flight per follower while replicating (pipelining).</summary>
    public int MaxInflight { get; init; } = 64;

    /// <summary>Cap on the entries of one AppendEntries, below Akka.Remote's maximum frame size.</summary>
    public int MaxAppendBytes { get; init; } = 256 * 1024;

    /// <summary>Bytes of snapshot per InstallSnapshot message (below Akka.Remote's maximum frame size).</summary>
    public int SnapshotChunkBytes { get; init; } = 256 * 1024;

    /// <summary>A learner becomes a voter once its log is within this many entries of the leader's.</summary>
    public long PromoteWithinEntries { get; init; } = 64;

    /// <summary>Autopilot: the leader removes a member silent for this many ticks (0: never).</summary>
    public int RemoveDeadServersAfterTicks { get; init; }

    /// <summary>Autopilot never removes a voter when fewer than this many voters would remain.</summary>
    public int MinimumVoters { get; init; } = 3;
}
