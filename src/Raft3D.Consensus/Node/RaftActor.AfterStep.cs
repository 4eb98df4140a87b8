using Akka.Actor;
using Akka.Event;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Node;

/// <summary>After every step: what changed in the core (term, leader, role, configuration) and what it means here.</summary>
public sealed partial class RaftActor
{
    private void AfterStep()
    {
        _metrics.Publish(_core.Role, _core.Term, _core.CommitIndex, _appliedIndex, _core.LastIndex);
        if (_core.ConfigurationIndex != _knownConfigurationIndex)
        {
            _knownConfigurationIndex = _core.ConfigurationIndex;
            _akkaCluster.OnConfiguration(_core.Configuration, _settings.NodeId);
            (_compactionRank, _compactionMembers) = CompactionRank.Of(_core.Configuration, _settings.NodeId);
        }
        if (_role == RaftRole.Leader || _snapshotTransfers.Count > 0) LogSnapshotTransfers();
        if (_core.Term != _loggedTerm)
        {
            _logger.Info("Term {0} -> {1}", _loggedTerm, _core.Term);
            _loggedTerm = _core.Term;
        }
        if (_core.LeaderId != _loggedLeader)
        {
            _loggedLeader = _core.LeaderId;
            _forwardedProposals.LeaderChanged(_core.LeaderId, LeaderLostBeforeAnswering);
            if (_loggedLeader is not null)
            {
                _logger.Info("Leader is {0} in term {1}", _loggedLeader, _core.Term);
                _metrics.LeaderChanged();
            }
        }
        var member = _core.Configuration.Contains(_settings.NodeId);
        if (member != _wasMember)
        {
            if (member) _logger.Info("This node is a member of the cluster: {0}", _core.Configuration);
            else if (_wasMember) _logger.Warning("This node was removed from the cluster configuration; it no longer takes part");
            _wasMember = member;
        }
        if (_transferReplyTo is not null &&
            TransferCompletion.After(_core.Role, _core.LeaderId, _settings.NodeId, _core.TransferTarget, _core.Term) is { } outcome)
        {
            _transferReplyTo.Tell(outcome);
            _transferReplyTo = null;
        }
        StartQueuedMembershipChanges();
        if (_core.Role == _role) return;
        _logger.Info("Role {0} -> {1} in term {2}", _role, _core.Role, _core.Term);
        var wasLeader = _role == RaftRole.Leader;
        _role = _core.Role;
        if (wasLeader)
        {
            // Entries up to the commit index are committed even though this node no longer
            // leads (a removed leader steps down in the step that commits its removal, §4.2.2):
            // Apply answers those. Only the rest may or may not commit under the next leader.
            var committed = _core.CommitIndex;
            foreach (var (index, pending) in _pendingProposals.TakeAfter(committed))
            {
                _metrics.ProposalFailed("outcome_unknown");
                pending.ReplyTo.Tell(new ProposeResult.OutcomeUnknown("leadership was lost before the command was known to commit"));
                EndTrace(index, "outcome unknown");
            }
            foreach (var (_, pending) in _pendingConfigurations.TakeAfter(committed))
                pending.ReplyTo.Tell(new MembershipResult.OutcomeUnknown("leadership was lost before the change was known to commit"));
            RerouteBufferedProposals();
            // The new leader, if any, takes queued membership changes (the follower role forwards).
            foreach (var (change, replyTo) in _queuedMembershipChanges.TakeAll()) Self.Tell(change, replyTo);
        }
        BecomeRole();
    }

    /// <summary>One line when a snapshot transfer to a follower starts and one when it ends.</summary>
    private void LogSnapshotTransfers()
    {
        foreach (var (id, progress) in _core.Progress)
        {
            if (progress.State == ProgressState.Snapshot && _snapshotTransfers.Add(id))
                _logger.Info("Sending snapshot at index {0} ({1} bytes) to {2}: its next entry is compacted", progress.SnapshotIndex, _core.SnapshotSize, id);
            else if (progress.State != ProgressState.Snapshot && _snapshotTransfers.Remove(id))
                _logger.Info("Snapshot transfer to {0} finished; it replicates from index {1}", id, progress.NextIndex);
        }
        foreach (var id in _snapshotTransfers.Where(id => !_core.Progress.ContainsKey(id)).ToList())
        {
            _snapshotTransfers.Remove(id);
            _logger.Info("Snapshot transfer to {0} abandoned (no longer leader, or it left the cluster)", id);
        }
    }

    private void SendToPeer(Messages.Envelope envelope)
    {
        if (Peer(envelope.To) is { } peer) peer.Tell(PeerGate.Stamp(envelope.Message, _core.Configuration.ClusterId), Self);
    }

    /// <summary>The peer's Raft actor, resolved locally from its address (no network round trip).</summary>
    private IActorRef? Peer(string id) => _peers.Find(id, _core.Configuration);
}
