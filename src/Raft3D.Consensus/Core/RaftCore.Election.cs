using Raft3D.Consensus.Election;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Core;

/// <summary>Elections: randomised timeouts, pre-vote, votes and role changes (§5.2, §5.4.1, thesis §9.6).</summary>
public sealed partial class RaftCore
{
    private void Campaign(bool preVote, bool transfer)
    {
        if (!CanCampaign) return;
        _votesGranted.Clear();
        _votesRejected.Clear();
        // Only votes of the candidate's own configuration count; a removed candidate has none of its own.
        if (IsVoter) _votesGranted.Add(Id);
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
            if (preVote)
            {
                Campaign(preVote: false, transfer);
                return;
            }
            // Elected by its own vote alone, in the step that cast it: the new term is not yet
            // durable, and a leader's messages do not wait for the journal (thesis §10.2.1). If
            // entries of this term left now and the process crashed before the vote was written,
            // it would restart in the old term, win the same term again and append different
            // entries under the same index and term, breaking Log Matching (§5.3). Its messages
            // wait until its no-op (the next index), written after the vote, is durable. Elected
            // by others, its requests went out after persisting the vote (§5.2): nothing to wait for.
            _sendAfterDurable = Log.LastIndex + 1;
            BecomeLeader();
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
        // Servers answer votes without consulting their configuration (thesis §4.1): a learner
        // may have been promoted by an entry it has not received yet, and the candidate that
        // holds that entry cannot win without it (etcd's TestLearnerCanVote). The candidate
        // counts only voters of its own configuration, so a learner's vote never counts as a
        // voter's. Servers outside their configuration (never added, or removed for good) do not
        // vote: a server that lost its state and rejoins under the same id must not re-cast the
        // votes of its earlier life (thesis §3.8).
        var eligible = Configuration.Contains(Id) || CanCampaign;
        var grant = eligible && VoteRules.Grant(VotedFor, LeaderId is not null, request.From, upToDate, request.PreVote, request.Term, Term);
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

    private void BecomeFollower(long term, string? leaderId, bool restartElectionTimer = true)
    {
        var wasLeader = Role == RaftRole.Leader;
        _transferTarget = null;
        _sendAfterDurable = 0;
        if (term > Term) SetHardState(term, null);
        Role = Configuration.IsLearner(Id) ? RaftRole.Learner : RaftRole.Follower;
        if (restartElectionTimer) ResetElectionTimer();
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
        _progress[id] = new Progress(id, Log.LastIndex + 1, ++_nextSession)
        {
            RecentActive = true,
            MinimumSnapshotIndex = Configuration.IsLearner(id) ? EndOfLastVoterStint(id) : 0,
        };
    }

    /// <summary>
    /// The index of the configuration entry that last ended id's time as a voter, as far as this
    /// log (and its snapshot) tells, or 0. A learner with that past may be a server that lost its
    /// state and rejoined under the same id: replicating it the entries before that point would
    /// hand it configurations in which its former self was a voter, and two such servers could
    /// elect each other on a stale log. Thesis §3.8: a server that lost its state cannot safely
    /// rejoin with its prior identity; starting it from a snapshot at or after this index makes
    /// its history begin after its earlier life ended.
    /// </summary>
    private long EndOfLastVoterStint(string id)
    {
        long end = 0;
        var wasVoter = _snapshotConfiguration.IsVoter(id);
        for (var index = Log.FirstIndex; index <= Log.LastIndex; index++)
        {
            var entry = Log.EntryAt(index);
            if (entry.Kind != EntryKind.Configuration) continue;
            var isVoter = ConfigurationCodec.Decode(entry.Data).IsVoter(id);
            if (wasVoter && !isVoter) end = index;
            wasVoter = isVoter;
        }
        return end;
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
