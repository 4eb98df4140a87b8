using Raft3D.Consensus.Election;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>When a server grants a vote or a pre-vote (Raft paper §5.2, §5.4.1; thesis §9.6, §4.2.3).</summary>
public sealed class VoteRulesTests
{
    [Theory]
    // Real votes at our term (the caller has already adopted a higher term).
    [InlineData(null, false, "b", true, false, 5, 5, true)] // free, log up to date
    [InlineData(null, false, "b", false, false, 5, 5, false)] // §5.4.1: log not up to date
    [InlineData("c", false, "b", true, false, 5, 5, false)] // §5.2: one vote per term, already cast for c
    [InlineData("b", false, "b", true, false, 5, 5, true)] // the same candidate again (a retransmission)
    [InlineData("b", true, "b", true, false, 5, 5, true)]
    [InlineData("b", false, "b", false, false, 5, 5, false)] // even our own candidate needs an up-to-date log
    [InlineData(null, true, "b", true, false, 5, 5, false)] // a leader of this term exists: it holds a majority
    [InlineData("c", true, "b", true, false, 5, 5, false)]
    // Pre-votes (thesis §9.6): for a term above ours they change nothing, so past votes don't matter.
    [InlineData("c", true, "b", true, true, 6, 5, true)]
    [InlineData(null, false, "b", true, true, 6, 5, true)]
    [InlineData("c", true, "b", false, true, 6, 5, false)] // but the log still must be up to date
    [InlineData(null, false, "b", false, true, 6, 5, false)]
    // A pre-vote for our own term is judged like a real vote.
    [InlineData("c", false, "b", true, true, 5, 5, false)]
    [InlineData(null, true, "b", true, true, 5, 5, false)]
    [InlineData(null, false, "b", true, true, 5, 5, true)]
    public void Grant(string? votedFor, bool leaderKnown, string candidate, bool upToDate, bool preVote, long requestTerm, long currentTerm, bool expected) =>
        Assert.Equal(expected, VoteRules.Grant(votedFor, leaderKnown, candidate, upToDate, preVote, requestTerm, currentTerm));

    [Theory]
    [InlineData(true, false, true)] // in a leader's lease: a rejoining server cannot depose it
    [InlineData(true, true, false)] // unless the leader itself asked for the election (thesis §3.10)
    [InlineData(false, false, false)]
    [InlineData(false, true, false)]
    public void IgnoreDisruptiveRequest(bool heardFromLeaderRecently, bool leadershipTransfer, bool expected) =>
        Assert.Equal(expected, VoteRules.IgnoreDisruptiveRequest(heardFromLeaderRecently, leadershipTransfer));
}
