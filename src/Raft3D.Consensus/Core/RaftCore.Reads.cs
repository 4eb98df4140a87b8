using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;

namespace Raft3D.Consensus.Core;

/// <summary>Linearizable reads by ReadIndex (thesis §6.4).</summary>
public sealed partial class RaftCore
{
    /// <summary>
    /// Asks for a linearizable read (thesis §6.4). Eventually the Ready carries either a
    /// ReadState (serve once applied up to its index) or a failed read with this id.
    /// </summary>
    public void RequestRead(long requestId)
    {
        if (Role == RaftRole.Leader)
        {
            LeaderRead(new PendingRead(requestId, null, 0, 0));
        }
        else if (LeaderId is not null)
        {
            _forwardQueue.Add(requestId);
            SendReadBatch();
        }
        else
        {
            _ready.FailedReads.Add(requestId);
        }
    }

    private void LeaderRead(PendingRead read)
    {
        // Step 1: until an entry of its own term commits, a new leader does not know the
        // commit index of its predecessors.
        if (Log.TermAt(CommitIndex) != Term)
        {
            _readsAwaitingTermCommit.Add(read);
            return;
        }
        // Step 2: the read index is the commit index now; steps 3-4: a heartbeat round sent after
        // the read arrived, answered by a majority, proves nobody has deposed us meanwhile.
        read = read with { ReadIndex = CommitIndex, Round = _readRound + 1 };
        if (ConfirmedWithoutRound(read.From))
        {
            CompleteRead(read);
            return;
        }
        _readsAwaitingRound.Add(read);
        // All reads that arrive while a round is out share the next one.
        if (_confirmedReadRound == _readRound) StartReadRound();
    }

    /// <summary>
    /// Whether this leader and the voter that forwarded the read (null: the read is ours) are a
    /// majority by themselves. Step 3 of §6.4 needs a majority that still knew no higher term
    /// after the read arrived. A voter's ReadIndexRequest was sent after the reads it carries
    /// arrived there, in our term (a stale-term one never reaches here), and we are still leader
    /// of that term now: a leader of a higher term would have needed one of the two votes before
    /// the read, so nothing committed before the read is missing from our commit index. With
    /// three voters the heartbeat round is then spent for nothing: a follower's read costs one
    /// round trip to the leader instead of two.
    /// </summary>
    private bool ConfirmedWithoutRound(string? forwardedBy)
    {
        var voters = Configuration.Voters;
        var confirming = voters.Count(v => v.Id == Id || (forwardedBy is not null && v.Id == forwardedBy));
        return Quorum.IsMajority(voters.Count, confirming);
    }

    private void StartReadRound()
    {
        _readRound++;
        BroadcastHeartbeat();
    }

    private void StartReadsAwaitingTermCommit()
    {
        if (_readsAwaitingTermCommit.Count == 0 || Log.TermAt(CommitIndex) != Term) return;
        var reads = _readsAwaitingTermCommit.ToList();
        _readsAwaitingTermCommit.Clear();
        foreach (var read in reads) LeaderRead(read);
    }

    private void ConfirmReadRounds()
    {
        if (_readsAwaitingRound.Count == 0) return;
        var acked = Configuration.Voters
            .Select(v => v.Id == Id ? _readRound : _progress.TryGetValue(v.Id, out var p) ? p.AckedReadRound : 0)
            .ToArray();
        var confirmed = Quorum.CommittedIndex(acked);
        if (confirmed > _confirmedReadRound)
        {
            _confirmedReadRound = confirmed;
            var ready = _readsAwaitingRound.Where(r => r.Round <= confirmed).ToList();
            _readsAwaitingRound.RemoveAll(r => r.Round <= confirmed);
            foreach (var read in ready) CompleteRead(read);
        }
        if (_readsAwaitingRound.Count > 0 && _confirmedReadRound == _readRound) StartReadRound();
    }

    private void CompleteRead(PendingRead read)
    {
        if (read.From is null) _ready.ReadStates.Add(new ReadState(read.RequestId, read.ReadIndex));
        else Send(read.From, new ReadIndexResponse(Term, Id, read.RequestId, read.ReadIndex, true));
    }

    private void FailLeaderReads()
    {
        foreach (var read in _readsAwaitingTermCommit.Concat(_readsAwaitingRound))
        {
            if (read.From is null) _ready.FailedReads.Add(read.RequestId);
            else Send(read.From, new ReadIndexResponse(Term, Id, read.RequestId, 0, false));
        }
        _readsAwaitingTermCommit.Clear();
        _readsAwaitingRound.Clear();
    }

    private void HandleReadIndexRequest(ReadIndexRequest request)
    {
        if (Role == RaftRole.Leader) LeaderRead(new PendingRead(request.BatchId, request.From, 0, 0));
        else Send(request.From, new ReadIndexResponse(Term, Id, request.BatchId, 0, false));
    }

    private void HandleReadIndexResponse(ReadIndexResponse response)
    {
        if (_forwardInFlight is null || response.BatchId != _forwardBatchId) return;
        foreach (var id in _forwardInFlight)
        {
            if (response.Ok) _ready.ReadStates.Add(new ReadState(id, response.ReadIndex));
            else _ready.FailedReads.Add(id);
        }
        _forwardInFlight = null;
        SendReadBatch();
    }

    private void SendReadBatch()
    {
        if (_forwardInFlight is not null || _forwardQueue.Count == 0) return;
        if (LeaderId is null || Role == RaftRole.Leader)
        {
            if (LeaderId is null)
            {
                _ready.FailedReads.AddRange(_forwardQueue);
                _forwardQueue.Clear();
            }
            return;
        }
        _forwardInFlight = [.. _forwardQueue];
        _forwardQueue.Clear();
        _forwardTicks = 0;
        Send(LeaderId, new ReadIndexRequest(Term, Id, ++_forwardBatchId));
    }
}
