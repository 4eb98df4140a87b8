using Raft3D.Consensus.Election;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Core;

/// <summary>Elections: randomised timeouts, pre-vote, votes and role changes (§5.2, §5.4.1, thesis §9.6).</summary>
public sealed partial class RaftCore
{
    private void Campaign(bool preVote, bool transfer)
    {
        if (!IsVoter) return;
        _votesGranted.Clear();
        _votesRejected.Clear();
        _votesGranted.Add(Id);
        long campaignTerm;
        if (preVote)
        {
            Role = RaftRole.PreCandidate;
            LeaderId = null;
            campaignTerm = Term + 1;
        }
        else
        {
            // §5.2: a candidate votes for itself in a new term; durable before it asks others,
            // or a crash could let it vote again in that term.
            SetHardState(Term + 1, Id);
            Role = RaftRole.Candidate;
            LeaderId = null;
            campaignTerm = Term;
        }
        ResetElectionTimer();
        if (Quorum.Tally(Configuration.Voters.Count, _votesGranted.Count, 0) == VoteTally.Won)
        {
            if (preVote) Campaign(preVote: false, transfer);
            else BecomeLeader();
            return;
        }
        foreach (var voter in Configuration.Voters)
        {
            if (voter.Id == Id) continue;
            var request = new RequestVote(campaignTerm, Id, Log.LastIndex, Log.LastTerm, preVote, transfer);
            if (preVote) Send(voter.Id, request);
            else SendAfterPersist(voter.Id, request);
        }
    }

    private void HandleRequestVote(RequestVote request)
    {
        var upToDate = Log.IsUpToDate(request.LastLogIndex, request.LastLogTerm);
        // Learners and servers outside the configuration never vote (thesis §4.2.1).
        var grant = IsVoter && VoteRules.Grant(VotedFor, LeaderId is not null, request.From, upToDate, request.PreVote, request.Term, Term);
        if (grant && !request.PreVote)
        {
            SetHardState(Term, request.From);
            _electionElapsed = 0;
        }
        var responseTerm = grant && request.PreVote ? request.Term : Term;
        SendAfterPersist(request.From, new RequestVoteResponse(responseTerm, Id, grant, request.PreVote));
    }

    private void HandleVoteResponse(RequestVoteResponse response)
    {
        var counting = (Role == RaftRole.PreCandidate && response.PreVote) || (Role == RaftRole.Candidate && !response.PreVote);
        if (!counting || !Configuration.IsVoter(response.From)) return;
        if (response.Granted) _votesGranted.Add(response.From);
        else _votesRejected.Add(response.From);
        switch (Quorum.Tally(Configuration.Voters.Count, _votesGranted.Count, _votesRejected.Count))
        {
            case VoteTally.Won when Role == RaftRole.PreCandidate:
                Campaign(preVote: false, transfer: false);
                break;
            case VoteTally.Won:
                BecomeLeader();
                break;
            case VoteTally.Lost:
                BecomeFollower(Term, null);
                break;
        }
    }

    private void BecomeFollower(long term, string? leaderId)
    {
        var wasLeader = Role == RaftRole.Leader;
        _transferTarget = null;
        if (term > Term) SetHardState(term, null);
        Role = Configuration.IsLearner(Id) ? RaftRole.Learner : RaftRole.Follower;
        ResetElectionTimer();
        if (wasLeader)
        {
            _progress.Clear();
            FailLeaderReads();
        }
        SetLeader(leaderId);
    }

    private void BecomeLeader()
    {
        Role = RaftRole.Leader;
        LeaderId = Id;
        _electionElapsed = 0;
        _heartbeatElapsed = 0;
        _readRound = 0;
        _confirmedReadRound = 0;
        _progress.Clear();
        foreach (var member in Configuration.All)
            if (member.Id != Id) AddProgress(member.Id);
        // §5.4.2, §8: a no-op of the new term lets entries of earlier terms commit, and tells the
        // leader which entries are committed before it serves reads (thesis §6.4).
        AppendToLog([new LogEntry(Log.LastIndex + 1, Term, EntryKind.NoOp, LogEntry.Empty)]);
        BroadcastAppend();
        // Reads this server was forwarding as a follower are now its own to confirm.
        var forwarded = (_forwardInFlight ?? []).Concat(_forwardQueue).ToList();
        _forwardInFlight = null;
        _forwardQueue.Clear();
        foreach (var id in forwarded) LeaderRead(new PendingRead(id, null, 0, 0));
    }

    private void AddProgress(string id)
    {
        _progress[id] = new Progress(id, Log.LastIndex + 1, ++_nextSession) { RecentActive = true };
    }

    private void SetLeader(string? leaderId)
    {
        if (leaderId == LeaderId) return;
        LeaderId = leaderId;
        // Reads forwarded to the previous leader go to the new one (reads are idempotent).
        if (_forwardInFlight is not null)
        {
            _forwardQueue.InsertRange(0, _forwardInFlight);
            _forwardInFlight = null;
        }
        SendReadBatch();
    }
}
