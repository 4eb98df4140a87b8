using Raft3D.Consensus.Core;
using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Server.Api.Models;

namespace Raft3D.Server.Api;

/// <summary>Maps the Raft actor's status and configurations to the API's views.</summary>
public static class StatusViews
{
    public static string StateName(RaftRole role) => role switch
    {
        RaftRole.Leader => "Leader",
        RaftRole.Candidate or RaftRole.PreCandidate => "Candidate",
        RaftRole.Learner => "Learner",
        _ => "Follower",
    };

    public static ClusterStatusView From(RaftStatus status) => new(
        status.NodeId,
        StateName(status.Role),
        status.Term,
        status.Role == RaftRole.Leader,
        status.Leader is { } leader ? Address(leader) : status.LeaderId is { } id ? new MemberAddressView(id, "", "", "") : null,
        status.CommitIndex,
        status.AppliedIndex,
        status.LastLogIndex,
        status.SnapshotIndex,
        status.SnapshotTerm,
        status.LogEntries,
        status.LogBytes,
        status.SnapshotBytes,
        status.Members.Select(m => new MemberStatusView(
            m.Member.Id,
            HostPortOf(m.Member.RaftAddress),
            m.Member.HttpAddress,
            m.Member.RaftAddress,
            m.Voter,
            m.Voter ? "voter" : "learner",
            m.MatchIndex,
            m.LastContact,
            m.Healthy,
            m.Replication,
            m.SnapshotBytesSent,
            m.SnapshotBytesTotal)).ToList()) { ClusterId = status.ClusterId };

    public static MemberAddressView Address(Member member) =>
        new(member.Id, HostPortOf(member.RaftAddress), member.HttpAddress, member.RaftAddress);

    public static MembershipView From(MembershipOutcome.Done done) =>
        new(done.Index, done.Configuration.Voters.Select(Address).ToList(), done.Configuration.Learners.Select(Address).ToList());

    /// <summary>"akka.tcp://raft3d@127.0.0.1:7001" → "127.0.0.1:7001".</summary>
    public static string HostPortOf(string akkaAddress)
    {
        var at = akkaAddress.LastIndexOf('@');
        return at >= 0 ? akkaAddress[(at + 1)..].TrimEnd('/') : akkaAddress;
    }
}
