using Raft3D.Consensus.Core;

namespace Raft3D.Consensus.Node;

/// <summary>When a leadership transfer this server started is over, and what its requester hears (thesis §3.10).</summary>
public static class TransferCompletion
{
    /// <summary>
    /// After a step: Done once another server leads (this one stepped down for it), Rejected once
    /// this server leads with no transfer under way (the target did not take over within an
    /// election timeout), null while it is still under way.
    /// </summary>
    public static TransferResult? After(RaftRole role, string? leaderId, string selfId, string? transferTarget, long term) =>
        role != RaftRole.Leader && leaderId is not null && leaderId != selfId ? new TransferResult.Done(leaderId, term)
        : role == RaftRole.Leader && transferTarget is null ? new TransferResult.Rejected("the target did not take over within an election timeout")
        : null;
}
