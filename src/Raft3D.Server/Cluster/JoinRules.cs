namespace Raft3D.Server.Cluster;

/// <summary>
/// Which POST /join requests are refused before they reach the log (409), so that no node is let
/// in silently with data that cannot belong to this cluster (SPEC §4).
/// </summary>
public static class JoinRules
{
    /// <summary>
    /// Why the cluster refuses the joiner, or null to go on. clusterId is this cluster's,
    /// joinerClusterId the one in the joiner's data as the joining node reports it ("": it has no
    /// data; null: not reported, as when an operator adds a node by hand, which is not judged),
    /// existingVoter whether the
    /// joiner's id is a voter here now (null: not a member). A learner without data is a retry of
    /// a join in progress and goes on; a voter without data lost what it acknowledged and must not
    /// count towards a quorum again under its old id.
    /// </summary>
    public static string? Refusal(string? clusterId, string joinerId, string? joinerClusterId, bool? existingVoter)
    {
        if (clusterId is not null && joinerClusterId is { Length: > 0 } && joinerClusterId != clusterId)
            return $"{joinerId}'s data belongs to another cluster (cluster_id {joinerClusterId}; this cluster is {clusterId}): " +
                   $"start it with -clean to join as a new member{(existingVoter is null ? "" : $", after removing the member {joinerId} (DELETE /cluster/servers?id={joinerId})")}";
        if (existingVoter == true && joinerClusterId == "")
            return $"{joinerId} is a voter of this cluster but came back without its data: remove it first " +
                   $"(DELETE /cluster/servers?id={joinerId}, or raft3d cluster remove {joinerId}), then join it again as a new member";
        return null;
    }
}
