using Akka.Actor;
using Akka.Event;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Node;

/// <summary>Membership changes through the log, one server at a time (thesis §4.1).</summary>
public sealed partial class RaftActor
{
    /// <summary>
    /// Adds or removes a server. One change at a time (§4.1): a request that arrives while
    /// another change, perhaps the leader's own promotion of a learner, is being committed
    /// waits for it instead of being refused.
    /// </summary>
    private void ChangeMembership(object change, IActorRef replyTo)
    {
        if (_queuedMembershipChanges.TryQueue(change, replyTo, _core.ConfigurationChangeBlocked)) return;
        switch (change)
        {
            case AddMember add when _core.Configuration.Find(add.Member.Id) is { } existing:
                replyTo.Tell(existing == add.Member
                    ? new MembershipResult.Done(_core.ConfigurationIndex, _core.Configuration)
                    : new MembershipResult.Rejected($"{existing.Id} is already a member at {existing.RaftAddress} ({existing.HttpAddress}); remove it first"));
                break;
            case AddMember add:
                ProposeConfiguration(MembershipRules.AddLearner(_core.Configuration, add.Member)!, replyTo);
                break;
            case RemoveMember remove when MembershipRules.Remove(_core.Configuration, remove.Id) is { } next:
                ProposeConfiguration(next, replyTo);
                break;
            default:
                replyTo.Tell(new MembershipResult.Done(_core.ConfigurationIndex, _core.Configuration));
                break;
        }
    }

    private void ProposeConfiguration(ClusterConfiguration next, IActorRef replyTo)
    {
        var (index, rejection) = _core.ProposeConfiguration(next);
        if (rejection is not null)
        {
            replyTo.Tell(new MembershipResult.Rejected(rejection));
            return;
        }
        _logger.Info("Proposed configuration at index {0}: {1}", index, next);
        _pendingConfigurations.Add(index, _core.Term, replyTo);
        Flush();
    }

    /// <summary>Starts queued membership changes once the one before them has committed.</summary>
    private void StartQueuedMembershipChanges()
    {
        while (_queuedMembershipChanges.TryStartNext(_core.Role == RaftRole.Leader, _core.ConfigurationChangeBlocked, out var next))
            ChangeMembership(next.Change, next.ReplyTo);
    }
}
