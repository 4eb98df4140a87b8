using Akka.Actor;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>Membership changes wait for the one being committed (one at a time, thesis §4.1).</summary>
public sealed class MembershipChangeQueueTests
{
    [Fact]
    public void A_change_is_queued_only_while_another_blocks_it_and_starts_once_the_leader_may()
    {
        var queue = new MembershipChangeQueue();
        Assert.False(queue.TryQueue("add d", ActorRefs.Nobody, blockedBy: null));
        Assert.True(queue.TryQueue("add d", ActorRefs.Nobody, blockedBy: "a change is being committed"));
        Assert.True(queue.TryQueue("remove c", ActorRefs.Nobody, blockedBy: "a change is being committed"));

        Assert.False(queue.TryStartNext(leading: true, blockedBy: "still committing", out _));
        Assert.False(queue.TryStartNext(leading: false, blockedBy: null, out _));
        Assert.True(queue.TryStartNext(leading: true, blockedBy: null, out var next));
        Assert.Equal("add d", next.Change);
        Assert.Equal(["remove c"], queue.TakeAll().Select(c => c.Change));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_full_queue_lets_the_change_through_to_be_refused()
    {
        var queue = new MembershipChangeQueue();
        for (var i = 0; i < MembershipChangeQueue.MaxQueued; i++) Assert.True(queue.TryQueue(i, ActorRefs.Nobody, "blocked"));
        Assert.False(queue.TryQueue("one more", ActorRefs.Nobody, "blocked"));
    }
}
