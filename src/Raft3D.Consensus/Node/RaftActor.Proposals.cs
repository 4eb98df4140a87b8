using Akka.Actor;
using Raft3D.Consensus.Diagnostics;

namespace Raft3D.Consensus.Node;

/// <summary>Client writes: batched by the leader (group commit), forwarded to it by the others.</summary>
public sealed partial class RaftActor
{
    /// <summary>Hops stops a request chasing a leader that keeps moving.</summary>
    private void ForwardToLeader(int hops, Func<int, object> withHops, object noLeader)
    {
        var leader = _core.LeaderId;
        if (leader is null || leader == _settings.NodeId || hops >= 3 || Peer(leader) is not { } peer)
        {
            Sender.Tell(noLeader);
            return;
        }
        peer.Tell(withHops(hops + 1), Sender);
        _metrics.Forwarded("cluster");
    }

    // Proposals already queued in the mailbox are handled before this, and join the batch.
    private void SendFlushProposals() => Self.Tell(FlushProposals.Instance);

    private bool MayStartBatch() => _batcher.MayStartBatch(_core.CommitIndex, _core.LastIndex);

    private void ProposeBuffered()
    {
        if (_batcher.Count == 0) return;
        var batch = _batcher.TakeBatch();
        var now = StampTime();
        var first = _core.Propose(batch.Select(b => _stateMachine.Stamp(b.Proposal.Command, now)).ToList(), announceCommitAtOnce: batch.Any(b => b.Proposal.Hops > 0));
        if (first == 0)
        {
            foreach (var (proposal, replyTo) in batch) ForwardOrReject(proposal, replyTo);
        }
        else
        {
            for (var i = 0; i < batch.Count; i++)
            {
                _pendingProposals.Add(first + i, _core.Term, batch[i].ReplyTo, batch[i].Proposal.PreviousReleaseAnswers);
                if (RaftTracing.Replicate(batch[i].Proposal.TraceParent, _settings.NodeId, first + i, _core.Term, batch.Count) is { } trace)
                    _batchTrace ??= _traces[first + i] = trace;
            }
            _metrics.Batch(batch.Count);
        }
        if (_batcher.ScheduleFlush()) SendFlushProposals();
        Flush();
    }

    /// <summary>The leader's clock for the commands it appends, never below the last time it gave.</summary>
    private long StampTime() => _lastStampMs = Math.Max(_lastStampMs, _settings.Clock.GetUtcNow().ToUnixTimeMilliseconds());

    private void RerouteBufferedProposals()
    {
        foreach (var (proposal, replyTo) in _batcher.TakeAll()) ForwardOrReject(proposal, replyTo);
    }

    /// <summary>
    /// Passes a write on to the leader this server knows, through a relay that lets this server
    /// answer "outcome unknown" if that leader is lost first. Hops stops a write chasing a
    /// leader that keeps moving.
    /// </summary>
    private void ForwardOrReject(Propose proposal, IActorRef replyTo, ProposeResult? noLeader = null)
    {
        var leader = _core.LeaderId;
        if (leader is not null && leader != _settings.NodeId && proposal.Hops < 3 && Peer(leader) is { } peer)
        {
            var forwarded = proposal with { Hops = proposal.Hops + 1, TraceParent = RaftTracing.Forward(proposal.TraceParent, _settings.NodeId, leader) };
            peer.Tell(forwarded, _forwardedProposals.Add(replyTo, leader));
            _metrics.Forwarded("write");
        }
        else
        {
            // Counted before the answer, so whoever reads the answer also sees it counted.
            _metrics.ProposalFailed("no_leader");
            replyTo.Tell(noLeader ?? new ProposeResult.NoLeader("no leader is known; retry shortly"));
        }
    }
}
