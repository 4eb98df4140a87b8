using Raft3D.Consensus.Core;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>When a leadership transfer is over (thesis §3.10).</summary>
public sealed class TransferCompletionTests
{
    [Theory]
    [InlineData(RaftRole.Follower, "b", "b", "done by b")]      // the target took over
    [InlineData(RaftRole.Follower, "c", "b", "done by c")]      // another server did: still not us
    [InlineData(RaftRole.Follower, null, "b", null)]           // stepped down, nobody leads yet: wait
    [InlineData(RaftRole.Candidate, null, "b", null)]
    [InlineData(RaftRole.Leader, "a", "b", null)]              // still handing over
    [InlineData(RaftRole.Leader, "a", null, "rejected")]       // the target never took over: leading again
    public void A_transfer_is_over_once_another_server_leads_or_this_one_gave_up(RaftRole role, string? leader, string? target, string? outcome)
    {
        var result = TransferCompletion.After(role, leader, "a", target, term: 4);
        Assert.Equal(outcome, result switch
        {
            TransferResult.Done done => $"done by {done.NewLeader}",
            TransferResult.Rejected => "rejected",
            _ => null,
        });
    }
}
