using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Core;

/// <summary>Membership through the log, one server at a time (thesis §4), leadership transfer (§3.10) and autopilot.</summary>
public sealed partial class RaftCore
{
    private void SetConfiguration(ClusterConfiguration configuration, long index)
    {
        Configuration = configuration;
        ConfigurationIndex = index;
        if (Role == RaftRole.Leader)
        {
            // A removed server keeps being replicated to until its removal commits, so that it
            // learns it was removed instead of campaigning for a configuration that is gone.
            foreach (var member in configuration.All)
                if (member.Id != Id && !_progress.ContainsKey(member.Id)) AddProgress(member.Id);
        }
        else if (Role is RaftRole.Follower or RaftRole.Learner)
        {
            Role = configuration.IsLearner(Id) ? RaftRole.Learner : RaftRole.Follower;
        }
    }

    private void RecomputeConfiguration()
    {
        for (var index = Log.LastIndex; index >= Log.FirstIndex; index--)
        {
            var entry = Log.EntryAt(index);
            if (entry.Kind != EntryKind.Configuration) continue;
            SetConfiguration(ConfigurationCodec.Decode(entry.Data), index);
            return;
        }
        SetConfiguration(_snapshotConfiguration, Log.SnapshotIndex);
    }

    /// <summary>Why no configuration may be appended yet (see <see cref="MembershipRules.CannotChange"/>), or null.</summary>
    public string? ConfigurationChangeBlocked => MembershipRules.CannotChange(ConfigurationIndex, CommitIndex, Log.TermAt(CommitIndex) == Term);

    /// <summary>
    /// Appends a new configuration (thesis §4.1). Returns its index, or 0 and the reason it
    /// may not be appended now.
    /// </summary>
    public (long Index, string? Rejection) ProposeConfiguration(ClusterConfiguration next)
    {
        if (Role != RaftRole.Leader) return (0, "not the leader");
        if (_transferTarget is not null) return (0, "a leadership transfer is under way; retry shortly");
        if (ConfigurationChangeBlocked is { } rejection) return (0, rejection);
        if (next.Voters.Count == 0) return (0, "a configuration needs at least one voter");
        var index = Log.LastIndex + 1;
        AppendToLog([new LogEntry(index, Term, EntryKind.Configuration, ConfigurationCodec.Encode(next))]);
        BroadcastAppend();
        return (index, null);
    }

    private static void Heard(Progress progress)
    {
        progress.RecentActive = true;
        progress.TicksSinceContact = 0;
    }

    private void MaybeRemoveDeadServer()
    {
        if (_options.RemoveDeadServersAfterTicks <= 0) return;
        if (ConfigurationChangeBlocked is not null) return;
        var silence = _progress.Values.ToDictionary(p => p.Id, p => p.TicksSinceContact);
        var dead = MembershipRules.DeadServerToRemove(Configuration, silence, _options.RemoveDeadServersAfterTicks, _options.MinimumVoters);
        if (dead is not null) ProposeConfiguration(MembershipRules.Remove(Configuration, dead)!);
    }

    private void MaybePromoteLearner()
    {
        if (ConfigurationChangeBlocked is not null) return;
        foreach (var learner in Configuration.Learners)
        {
            if (!_progress.TryGetValue(learner.Id, out var progress) || !progress.RecentActive) continue;
            if (!MembershipRules.CaughtUp(progress.MatchIndex, Log.LastIndex, ConfigurationIndex, _options.PromoteWithinEntries)) continue;
            ProposeConfiguration(MembershipRules.Promote(Configuration, learner.Id));
            return;
        }
    }

    /// <summary>
    /// A leader removed from the configuration keeps leading until the removal commits (thesis
    /// §4.2.2), then hands over to the most up-to-date voter and steps down.
    /// </summary>
    private void StepDownRemoved()
    {
        var successor = _progress.Values
            .Where(p => Configuration.IsVoter(p.Id))
            .OrderByDescending(p => p.MatchIndex)
            .FirstOrDefault();
        if (successor is not null && successor.MatchIndex == Log.LastIndex) Send(successor.Id, new TimeoutNow(Term, Id));
        BecomeFollower(Term, null);
    }

    /// <summary>
    /// Starts handing leadership to a voter (thesis §3.10): the leader stops taking entries,
    /// brings the target up to date, then tells it to campaign at once with TimeoutNow. Null
    /// picks the voter with the highest match index. Returns the reason it cannot, or null.
    /// </summary>
    public string? TransferLeadership(string? to)
    {
        if (Role != RaftRole.Leader) return "not the leader";
        to ??= _progress.Values.Where(p => Configuration.IsVoter(p.Id)).OrderByDescending(p => p.MatchIndex).FirstOrDefault()?.Id;
        if (to is null) return "there is no other voter to hand leadership to";
        if (to == Id) return null;
        if (!Configuration.IsVoter(to) || !_progress.TryGetValue(to, out var progress))
            return $"{to} is not a voter of this cluster";
        _transferTarget = to;
        _transferElapsed = 0;
        if (progress.MatchIndex == Log.LastIndex) Send(to, new TimeoutNow(Term, Id));
        else SendAppends(progress);
        return null;
    }
}
