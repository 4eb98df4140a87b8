using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Node;

/// <summary>
/// Asks the cluster to commit and apply a command. Sent to any node: a follower forwards it
/// to the leader (Hops counts forwards, to stop a message chasing a moving leader forever).
/// Answered with a <see cref="ProposeResult"/>.
/// </summary>
public sealed record Propose(byte[] Command, int Hops = 0) : Serialization.IRaftSerializable
{
    /// <summary>The caller's W3C traceparent, so the leader's spans join the write's trace (null: not traced).</summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// Forwarded by a server of the previous release (v0.1.0), which reads results only as that
    /// release wrote them: its proposals carry no answer format, this release's do.
    /// </summary>
    public bool PreviousReleaseAnswers { get; init; }
}

/// <summary>The outcome of a <see cref="Propose"/>.</summary>
public abstract record ProposeResult : Serialization.IRaftSerializable
{
    /// <summary>Committed by a majority and applied; Result is what the state machine returned.</summary>
    public sealed record Applied(long Index, byte[] Result) : ProposeResult;

    /// <summary>Not appended anywhere: no leader is known now. Safe to retry.</summary>
    public sealed record NoLeader(string Reason) : ProposeResult;

    /// <summary>
    /// Appended but leadership was lost before it committed: it may or may not commit later.
    /// A client must not take this for a failure (retry with an idempotency key).
    /// </summary>
    public sealed record OutcomeUnknown(string Reason) : ProposeResult;

    /// <summary>Refused at once: too many writes already wait at the leader. Not appended; safe to retry later.</summary>
    public sealed record Overloaded(string Reason) : ProposeResult;
}

public enum ReadConsistency
{
    /// <summary>Sees every write acknowledged before the read began (ReadIndex, thesis §6.4).</summary>
    Linearizable,

    /// <summary>This node's applied state now: fast, possibly stale.</summary>
    Local,
}

/// <summary>
/// Runs Query against the local state machine: at once for Local, after a ReadIndex
/// confirmation for Linearizable. Local only (the query is a delegate). Answered with
/// <see cref="ReadResult"/>.
/// </summary>
public sealed record Read(Func<IStateMachine, object?> Query, ReadConsistency Consistency = ReadConsistency.Linearizable);

public abstract record ReadResult
{
    public sealed record Served(object? Value, long AppliedIndex) : ReadResult;

    /// <summary>No leader could confirm the read; safe to retry.</summary>
    public sealed record NoLeader(string Reason) : ReadResult;
}

/// <summary>
/// Captures the state machine for a backup, at an index confirmed like a read (ReadIndex for
/// Linearizable), on the Raft thread; the capture is serialised later, off it. Local only.
/// Answered with a <see cref="ReadResult"/> whose value is a <see cref="StateCaptured"/>.
/// </summary>
public sealed record CaptureState(ReadConsistency Consistency = ReadConsistency.Linearizable);

/// <summary>The state machine as it was once Index (of Term) was applied.</summary>
public sealed record StateCaptured(long Index, long Term, string ClusterId, IStateSnapshot State);

/// <summary>Asks a node for <see cref="RaftStatus"/>.</summary>
public sealed record GetStatus
{
    public static readonly GetStatus Instance = new();
}

/// <summary>A node's view of itself and, on the leader, of its peers' replication.</summary>
public sealed record RaftStatus(
    string NodeId,
    RaftRole Role,
    long Term,
    string? LeaderId,
    Member? Leader,
    long CommitIndex,
    long AppliedIndex,
    long LastLogIndex,
    long SnapshotIndex,
    long SnapshotTerm,
    IReadOnlyList<MemberStatus> Members,
    long LogEntries = 0,
    long LogBytes = 0,
    long SnapshotBytes = 0)
{
    /// <summary>The cluster this node's configuration belongs to; null before it holds one (or in data from before cluster ids).</summary>
    public string? ClusterId { get; init; }
}

/// <summary>
/// One member as seen from this node. MatchIndex is known on the leader only (null elsewhere);
/// LastContact is when this node last heard from it (null: never, or itself).
/// Replication (leader only) is "probe", "replicate" or "snapshot"; while a snapshot is being
/// sent, SnapshotBytesSent of SnapshotBytesTotal shows how far the transfer is.
/// </summary>
public sealed record MemberStatus(
    Member Member,
    bool Voter,
    long? MatchIndex,
    DateTimeOffset? LastContact,
    bool Healthy,
    string? Replication = null,
    long? SnapshotBytesSent = null,
    long? SnapshotBytesTotal = null);

/// <summary>
/// Adds a server through the log (thesis §4.1): it joins as a learner, is caught up, and is
/// promoted to voter by the leader once its match index is close to the leader's log.
/// Adding a present member with the same addresses is a no-op. Sent to any node.
/// </summary>
public sealed record AddMember(Member Member, int Hops = 0) : Serialization.IRaftSerializable;

/// <summary>Removes a server through the log. Sent to any node.</summary>
public sealed record RemoveMember(string Id, int Hops = 0) : Serialization.IRaftSerializable;

/// <summary>The outcome of <see cref="AddMember"/> or <see cref="RemoveMember"/>.</summary>
public abstract record MembershipResult : Serialization.IRaftSerializable
{
    /// <summary>The change is committed (or there was nothing to change); Configuration is the one now in force.</summary>
    public sealed record Done(long Index, ClusterConfiguration Configuration) : MembershipResult;

    /// <summary>Refused, e.g. another change is in flight, or it would leave no voter.</summary>
    public sealed record Rejected(string Reason) : MembershipResult;

    public sealed record NoLeader(string Reason) : MembershipResult;

    public sealed record OutcomeUnknown(string Reason) : MembershipResult;
}

/// <summary>Hands leadership to To, or to the most up-to-date voter when null (thesis §3.10).</summary>
public sealed record TransferLeadership(string? To, int Hops = 0) : Serialization.IRaftSerializable;

public abstract record TransferResult : Serialization.IRaftSerializable
{
    public sealed record Done(string NewLeader, long Term) : TransferResult;

    public sealed record Rejected(string Reason) : TransferResult;

    public sealed record NoLeader(string Reason) : TransferResult;
}

/// <summary>Takes a snapshot of this node's applied state now and compacts its log.</summary>
public sealed record TakeSnapshot
{
    public static readonly TakeSnapshot Instance = new();
}

public sealed record SnapshotTaken(long Index, long Term, long Bytes);
