namespace Raft3D.Consensus.Membership;

/// <summary>Single-server membership changes (thesis §4.1, §4.2), decided without side effects.</summary>
public static class MembershipRules
{
    /// <summary>
    /// Why a new configuration may not be appended now, or null when it may. One change at a
    /// time: the previous configuration must be committed first, so any two successive
    /// configurations' majorities overlap (§4.1). And the leader must have committed an entry of
    /// its own term: otherwise a change appended by an earlier leader, not yet known to be
    /// committed, could be overridden (the single-server-change bug found after the thesis).
    /// </summary>
    public static string? CannotChange(long configurationIndex, long commitIndex, bool committedInCurrentTerm)
    {
        if (configurationIndex > commitIndex)
            return $"a membership change (index {configurationIndex}) is still being committed; retry when it is";
        if (!committedInCurrentTerm)
            return "the leader has not yet committed an entry of its term; retry shortly";
        return null;
    }

    /// <summary>The configuration with member added as a learner, or null when nothing changes.</summary>
    public static ClusterConfiguration? AddLearner(ClusterConfiguration configuration, Member member)
    {
        if (configuration.Find(member.Id) is not null) return null;
        return configuration with { Learners = [.. configuration.Learners, member] };
    }

    /// <summary>The configuration without id, or null when it is not a member.</summary>
    public static ClusterConfiguration? Remove(ClusterConfiguration configuration, string id)
    {
        if (!configuration.Contains(id)) return null;
        return new ClusterConfiguration(
            configuration.Voters.Where(m => m.Id != id).ToList(),
            configuration.Learners.Where(m => m.Id != id).ToList()) { ClusterId = configuration.ClusterId };
    }

    /// <summary>The configuration with learner id made a voter.</summary>
    public static ClusterConfiguration Promote(ClusterConfiguration configuration, string id)
    {
        var learner = configuration.Learners.Single(m => m.Id == id);
        return new ClusterConfiguration(
            [.. configuration.Voters, learner],
            configuration.Learners.Where(m => m.Id != id).ToList()) { ClusterId = configuration.ClusterId };
    }

    /// <summary>
    /// A learner is promoted once it is within maxLag entries of the leader's log, so that as a
    /// voter it does not hold up commits while it catches up (thesis §4.2.1), and once it holds
    /// the configuration that made it a learner. Until then it does not know it is a member and
    /// refuses votes (see HandleRequestVote); promoted and then cut off from that entry by a
    /// leader crash, it would be a voter the new candidate needs and cannot get, and no leader
    /// could ever be elected again (found by simulation seed 22).
    /// </summary>
    public static bool CaughtUp(long learnerMatchIndex, long leaderLastIndex, long configurationIndex, long maxLag) =>
        learnerMatchIndex >= configurationIndex && leaderLastIndex - learnerMatchIndex <= maxLag;

    /// <summary>
    /// Autopilot (as Consul's): the member to remove because it has been silent for at least
    /// deadAfterTicks, or null. A voter is removed only while at least minimumVoters remain,
    /// so autopilot never shrinks the cluster below the fault tolerance the operator chose.
    /// </summary>
    public static string? DeadServerToRemove(ClusterConfiguration configuration, IReadOnlyDictionary<string, int> ticksSinceContact, int deadAfterTicks, int minimumVoters)
    {
        if (deadAfterTicks <= 0) return null;
        foreach (var learner in configuration.Learners)
            if (ticksSinceContact.TryGetValue(learner.Id, out var silent) && silent >= deadAfterTicks) return learner.Id;
        if (configuration.Voters.Count - 1 < minimumVoters) return null;
        foreach (var voter in configuration.Voters)
            if (ticksSinceContact.TryGetValue(voter.Id, out var silent) && silent >= deadAfterTicks) return voter.Id;
        return null;
    }
}
