using Akka.Actor;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>Entries a leader appended for its clients, by index and term (§5.3).</summary>
public sealed class PendingProposalsTests
{
    [Fact]
    public void An_applied_entry_takes_its_proposal_once()
    {
        var pending = new PendingProposals();
        pending.Add(5, 2, ActorRefs.Nobody);

        Assert.True(pending.TryTake(5, out var proposal));
        Assert.Equal(2, proposal.Term);
        Assert.False(pending.TryTake(5, out _));
    }

    [Theory]
    [InlineData(6L, "7,8", "5,6")]   // leadership lost: only those after the commit index are unknown
    [InlineData(8L, "", "5,6,7,8")]
    public void Leadership_lost_takes_what_may_not_commit(long commitIndex, string taken, string kept)
    {
        var pending = Pending(5, 6, 7, 8);
        Assert.Equal(taken, string.Join(",", pending.TakeAfter(commitIndex).Select(p => p.Index).Order()));
        Assert.Equal(kept, string.Join(",", new long[] { 5, 6, 7, 8 }.Where(i => pending.TryTake(i, out _))));
    }

    [Fact]
    public void A_snapshot_takes_the_proposals_it_covers()
    {
        var pending = Pending(5, 6, 7);
        Assert.Equal([5L, 6L], pending.TakeUpTo(6).Select(p => p.Index).Order());
        Assert.Equal(1, pending.Count);
    }

    private static PendingProposals Pending(params long[] indexes)
    {
        var pending = new PendingProposals();
        foreach (var index in indexes) pending.Add(index, 1, ActorRefs.Nobody);
        return pending;
    }
}
