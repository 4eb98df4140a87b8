using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Hosting;

/// <summary>How a membership change (<see cref="RaftNode.AddMemberAsync"/>, <see cref="RaftNode.RemoveMemberAsync"/>) ended.</summary>
public abstract record MembershipOutcome
{
    private MembershipOutcome() { }

    /// <summary>Committed (or there was nothing to change); Configuration is the one now in force.</summary>
    public sealed record Done(long Index, ClusterConfiguration Configuration) : MembershipOutcome;

    /// <summary>Refused: e.g. the id is taken at other addresses, or it would leave no voter.</summary>
    public sealed record Rejected(string Reason) : MembershipOutcome;

    /// <summary>Not proposed: no leader is known. Safe to retry.</summary>
    public sealed record NoLeader(string Reason) : MembershipOutcome;

    /// <summary>Proposed, but not known to have committed within the cluster timeout; it may still commit.</summary>
    public sealed record OutcomeUnknown(string Reason) : MembershipOutcome;
}
