namespace Raft3D.Server.Api.Models;

/// <summary>GET /cluster/status: this node's view of the cluster (SPEC §4).</summary>
public sealed record ClusterStatusView(
    string NodeId,
    string State,
    long Term,
    bool IsLeader,
    MemberAddressView? Leader,
    long CommitIndex,
    long AppliedIndex,
    long LastLogIndex,
    long SnapshotIndex,
    long SnapshotTerm,
    long LogEntries,
    long LogBytes,
    long SnapshotBytes,
    IReadOnlyList<MemberStatusView> Members)
{
    /// <summary>Fixed when the cluster was bootstrapped; null until this node holds a configuration.</summary>
    public string? ClusterId { get; init; }
}
