using Raft3D.Consensus.Log;

namespace Raft3D.Consensus.Messages;

/// <summary>A message between Raft peers. Every one carries the sender's term (§5.1).</summary>
public interface IRaftMessage : Serialization.IRaftSerializable
{
    long Term { get; }
    string From { get; }

    /// <summary>The sender's cluster (empty from a release before cluster ids, or a server that has none yet).</summary>
    string ClusterId { get; }
}

/// <summary>
/// What every peer message carries besides its Raft fields: the sender's cluster id, so that a
/// server drops messages from another cluster (see <see cref="Membership.PeerAdmission"/>).
/// The sending actor stamps it; the Raft core never sees it.
/// </summary>
public abstract record RaftMessage
{
    public string ClusterId { get; init; } = "";
}

/// <summary>
/// RequestVote (§5.2). With PreVote set it is a pre-vote (thesis §9.6): Term is the term the
/// candidate would campaign in, and nobody changes state for it. LeadershipTransfer marks an
/// election asked for by the leader itself (thesis §3.10), which bypasses the leader lease.
/// </summary>
public sealed record RequestVote(long Term, string From, long LastLogIndex, long LastLogTerm, bool PreVote, bool LeadershipTransfer) : RaftMessage, IRaftMessage;

public sealed record RequestVoteResponse(long Term, string From, bool Granted, bool PreVote) : RaftMessage, IRaftMessage;

/// <summary>
/// AppendEntries (§5.3). Session identifies the leader's progress record for this follower,
/// so an answer to an earlier incarnation of that record is recognised and dropped.
/// </summary>
public sealed record AppendEntries(long Term, string From, long PrevLogIndex, long PrevLogTerm, IReadOnlyList<LogEntry> Entries, long LeaderCommit, long Session) : RaftMessage, IRaftMessage;

/// <summary>
/// The answer to AppendEntries. On success MatchIndex is the last index known to match the
/// leader. On failure RejectedIndex is the request's PrevLogIndex and the conflict hint lets
/// the leader skip back a term at a time (§5.3).
/// </summary>
public sealed record AppendEntriesResponse(long Term, string From, bool Success, long MatchIndex, long RejectedIndex, long ConflictIndex, long ConflictTerm, long LastLogIndex, long Session) : RaftMessage, IRaftMessage;

/// <summary>
/// A heartbeat: it asserts leadership, carries the commit index the follower can safely use
/// (at most its match index) and the leader's latest ReadIndex round (thesis §6.4).
/// </summary>
public sealed record Heartbeat(long Term, string From, long Commit, long ReadRound) : RaftMessage, IRaftMessage;

public sealed record HeartbeatResponse(long Term, string From, long ReadRound, long LastLogIndex) : RaftMessage, IRaftMessage;

/// <summary>A follower asks the leader for a read index on behalf of a batch of its reads.</summary>
public sealed record ReadIndexRequest(long Term, string From, long BatchId) : RaftMessage, IRaftMessage;

/// <summary>The leader's answer: serve the batch once applied up to ReadIndex; Ok false means retry elsewhere.</summary>
public sealed record ReadIndexResponse(long Term, string From, long BatchId, long ReadIndex, bool Ok) : RaftMessage, IRaftMessage;

/// <summary>Tells a caught-up follower to start an election at once (thesis §3.10).</summary>
public sealed record TimeoutNow(long Term, string From) : RaftMessage, IRaftMessage;

/// <summary>
/// One chunk of the leader's snapshot (§7) for a follower whose next entry was compacted away.
/// Configuration is the configuration as of LastIncludedIndex. A follower accepts chunks in
/// order only; any gap makes it answer with the offset it expects, so an interrupted transfer
/// resumes or restarts cleanly.
/// </summary>
public sealed record InstallSnapshot(long Term, string From, long LastIncludedIndex, long LastIncludedTerm, byte[] Configuration, long Offset, byte[] Chunk, bool Done, long Session) : RaftMessage, IRaftMessage;

/// <summary>NextOffset is the byte the follower expects next; Done reports the snapshot installed.</summary>
public sealed record InstallSnapshotResponse(long Term, string From, long LastIncludedIndex, long NextOffset, bool Done, long Session) : RaftMessage, IRaftMessage;
