using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Core;

/// <summary>Time: the host's ticks drive elections (§5.2), heartbeats and the leader's checks.</summary>
public sealed partial class RaftCore
{
    public void Tick()
    {
        if (Role == RaftRole.Leader) TickLeader();
        else TickFollower();
    }

    private void TickFollower()
    {
        _electionElapsed++;
        if (_forwardInFlight is not null && ++_forwardTicks > 2 * _options.ElectionTicks)
        {
            // The leader never answered; the reads fail and their clients may retry.
            _ready.FailedReads.AddRange(_forwardInFlight);
            _forwardInFlight = null;
            SendReadBatch();
        }
        if (_electionElapsed >= _randomizedElectionTimeout && Role != RaftRole.Learner && CanCampaign)
        {
            _electionElapsed = 0;
            // A server that campaigns only because its removal is not committed yet always asks
            // for pre-votes first (thesis §9.6), pre-vote configured or not: mostly its log is
            // behind and it cannot win, and real elections would only keep raising the term and
            // deposing the leader that is trying to commit that removal (thesis §4.2.3).
            Campaign(_options.PreVote || !IsVoter, transfer: false);
        }
    }

    private void TickLeader()
    {
        _electionElapsed++;
        _heartbeatElapsed++;
        foreach (var progress in _progress.Values)
        {
            progress.TicksSinceContact++;
            // Pipelined AppendEntries that were never answered (a lost link): probe again.
            if (progress.State == ProgressState.Replicate && progress.Inflight > 0 && ++progress.TicksWithoutAck > _options.ElectionTicks)
            {
                progress.BecomeProbe(progress.MatchIndex + 1);
                SendAppend(progress, sendIfEmpty: true);
            }
            else if (progress.State == ProgressState.Snapshot && ++progress.TicksWithoutAck > _options.ElectionTicks)
            {
                // An interrupted transfer starts over from the latest snapshot.
                StartSnapshotTransfer(progress);
            }
        }
        if (_transferTarget is not null && ++_transferElapsed >= _options.ElectionTicks)
        {
            // §3.10: the target did not take over within an election timeout; resume service.
            _transferTarget = null;
        }
        AnnounceCommit();
        MaybePromoteLearner();
        MaybeRemoveDeadServer();
        if (_electionElapsed >= _options.ElectionTicks)
        {
            _electionElapsed = 0;
            // Check-quorum (thesis §6.2): a leader cut off from a majority steps down, so that
            // clients go elsewhere instead of waiting on a leader that cannot commit.
            if (_options.CheckQuorum && !QuorumActive())
            {
                BecomeFollower(Term, null);
                return;
            }
            foreach (var progress in _progress.Values) progress.RecentActive = false;
        }
        if (_heartbeatElapsed >= _options.HeartbeatTicks)
        {
            _heartbeatElapsed = 0;
            BroadcastHeartbeat();
        }
    }

    private bool QuorumActive()
    {
        var active = Configuration.Voters.Count(v => v.Id == Id || (_progress.TryGetValue(v.Id, out var p) && p.RecentActive));
        return Quorum.IsMajority(Configuration.Voters.Count, active);
    }

    private void ResetElectionTimer()
    {
        _electionElapsed = 0;
        // §5.2: randomised timeouts make split votes rare.
        _randomizedElectionTimeout = _options.ElectionTicks + _random.Next(_options.ElectionTicks);
    }
}
