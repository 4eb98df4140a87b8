namespace Raft3D.Server.Api.Models;

/// <summary>
/// One member of the configuration. Suffrage is "voter" or "learner"; match_index is known on
/// the leader (and for this node itself); last_contact is when this node last heard from it.
/// </summary>
public sealed record MemberStatusView(
    string Id,
    string RaftAddress,
    string HttpAddress,
    string AkkaAddress,
    bool Voter,
    string Suffrage,
    long? MatchIndex,
    DateTimeOffset? LastContact,
    bool Healthy,
    string? Replication,
    long? SnapshotBytesSent,
    long? SnapshotBytesTotal);
