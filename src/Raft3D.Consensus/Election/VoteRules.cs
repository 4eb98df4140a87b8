namespace Raft3D.Consensus.Election;

/// <summary>Whether to grant a (pre-)vote, decided from a snapshot of the voter's state.</summary>
public static class VoteRules
{
    /// <summary>
    /// Grant a vote when the request's term is not below ours (the caller drops stale requests and
    /// adopts a higher term first) and:
    /// <list type="bullet">
    /// <item>we have not voted for another candidate in this term (§5.2: at most one vote per term);</item>
    /// <item>for a real vote, we know no leader of this term: that leader already holds a majority;</item>
    /// <item>a pre-vote (thesis §9.6) for a term above ours needs neither: it changes no state;</item>
    /// <item>and always the candidate's log is at least as up to date as ours (§5.4.1), so every
    /// elected leader holds every committed entry.</item>
    /// </list>
    /// </summary>
    public static bool Grant(string? votedFor, bool leaderKnown, string candidateId, bool candidateLogUpToDate, bool preVote, long requestTerm, long currentTerm)
    {
        var free = votedFor == candidateId
                   || (votedFor is null && !leaderKnown)
                   || (preVote && requestTerm > currentTerm);
        return free && candidateLogUpToDate;
    }

    /// <summary>
    /// With check-quorum on, a server that heard from a leader within the minimum election
    /// timeout ignores vote requests with a higher term (thesis §4.2.3): a partitioned server
    /// that rejoins cannot depose a healthy leader. An election the leader itself asked for by a
    /// leadership transfer (thesis §3.10) is exempt.
    /// </summary>
    public static bool IgnoreDisruptiveRequest(bool heardFromLeaderRecently, bool leadershipTransfer) =>
        heardFromLeaderRecently && !leadershipTransfer;
}
