using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Messages;

namespace Raft3D.Consensus.Node;

/// <summary>Behaviours by role: what each message does, routed to the class that holds its concern.</summary>
public sealed partial class RaftActor
{
    private void BecomeRole()
    {
        switch (_role)
        {
            case RaftRole.Leader: Become(Leading); break;
            case RaftRole.Candidate or RaftRole.PreCandidate: Become(Campaigning); break;
            default: Become(Following); break;
        }
    }

    private void Following()
    {
        ForwardClientRequests("no leader is known; retry shortly");
        Common();
    }

    private void Campaigning()
    {
        ForwardClientRequests($"no leader: an election is under way in term {_core.Term}");
        Common();
    }

    /// <summary>A server that is not the leader passes client requests on to the one it knows.</summary>
    private void ForwardClientRequests(string noLeader)
    {
        Command<Propose>(m => ForwardOrReject(m, Sender, new ProposeResult.NoLeader(noLeader)));
        Command<AddMember>(m => ForwardToLeader(m.Hops, h => m with { Hops = h }, new MembershipResult.NoLeader(noLeader)));
        Command<RemoveMember>(m => ForwardToLeader(m.Hops, h => m with { Hops = h }, new MembershipResult.NoLeader(noLeader)));
        Command<TransferLeadership>(m => ForwardToLeader(m.Hops, h => m with { Hops = h }, new TransferResult.NoLeader(noLeader)));
    }

    private void Leading()
    {
        Command<Propose>(proposal =>
        {
            if (_batcher.Refusal(_pendingProposals.Count) is { } refusal)
            {
                Sender.Tell(new ProposeResult.Overloaded(refusal));
                return;
            }
            if (_batcher.Hold(proposal, Sender)) SendFlushProposals();
        });
        Command<FlushProposals>(_ =>
        {
            _batcher.FlushArrived();
            if (MayStartBatch()) ProposeBuffered();
        });
        Command<AddMember>(m => ChangeMembership(m, Sender));
        Command<RemoveMember>(m => ChangeMembership(m, Sender));
        Command<TransferLeadership>(m =>
        {
            if (_core.TransferLeadership(m.To) is { } rejection) Sender.Tell(new TransferResult.Rejected(rejection));
            else if (_core.TransferTarget is null) Sender.Tell(new TransferResult.Done(_settings.NodeId, _core.Term));
            else
            {
                _logger.Info("Handing leadership over to {0}", _core.TransferTarget);
                _transferReplyTo?.Tell(new TransferResult.Rejected("superseded by a newer transfer request"));
                _transferReplyTo = Sender;
            }
            Flush();
        });
        Common();
    }

    private void Common()
    {
        Command<Tick>(_ =>
        {
            _forwardedProposals.Tick();
            _core.Tick();
            _metrics.PublishReplication(_role != RaftRole.Leader ? [] : _core.Progress.Values
                .Where(p => p.Id != _settings.NodeId).Select(p => (p.Id, p.MatchIndex)), _core.LastIndex);
            Flush();
        });
        Command<IRaftMessage>(message =>
        {
            if (!_peerGate.Admits(message, _core)) return;
            _lastContact[message.From] = DateTimeOffset.UtcNow;
            // A server not yet in our configuration (we are joining) is answered through its ref.
            _peers.Heard(message.From, Sender);
            _core.Step(message);
            Flush();
        });
        Command<Read>(HandleRead);
        Command<AnswerWhenApplied>(AnswerWhenApplied);
        Command<CaptureState>(m => HandleRead(new Read(CaptureForBackup, m.Consistency)));
        Command<GetStatus>(_ => Sender.Tell(StatusBuilder.Build(_core, _appliedIndex, _lastContact, _akkaCluster.IsReachable,
            _settings.TickInterval * _settings.Options.ElectionTicks * 2, DateTimeOffset.UtcNow)));
        Command<Akka.Cluster.ClusterEvent.IClusterDomainEvent>(e => _akkaCluster.Handle(e));
        Command<TakeSnapshot>(_ =>
        {
            _snapshotWaiters.Add(Sender);
            StartSnapshot();
        });
        Command<SnapshotSerialized>(OnSnapshotSerialized);
        Command<SnapshotSegmentWriter.Saved>(OnSnapshotSegmentsSaved);
        Command<SnapshotSegmentWriter.Failed>(OnSnapshotSegmentsFailed);
        Command<SaveSnapshotSuccess>(OnSnapshotSaved);
        Command<SaveSnapshotFailure>(failure =>
        {
            _logger.Error(failure.Cause, "Saving the snapshot at index {0} failed; the log is kept", _snapshotInFlight?.Index);
            _snapshotInFlight = null;
            FailSnapshotWaiters(failure.Cause);
        });
        Command<PruneJournal>(prune => DeleteMessages(prune.ToSequenceNr));
        Command<DeleteMessagesSuccess>(success =>
        {
            // A pause between deletes lets the journal's writes take SQLite's lock in between.
            if (_pruning.Deleted(success.ToSequenceNr) is { } next) Timers.StartSingleTimer(nameof(PruneJournal), new PruneJournal(next), _settings.TickInterval);
        });
        Command<DeleteMessagesFailure>(failure =>
        {
            _pruning.Failed();
            _logger.Warning("Deleting compacted journal events failed: {0}", failure.Cause.Message);
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _logger.Warning("Deleting old snapshots failed: {0}", failure.Cause.Message));
        Command<FlushProposals>(_ =>
        {
            _batcher.FlushArrived();
            RerouteBufferedProposals();
        });
    }
}
