using Akka.Actor;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>Linearizable reads between request and answer (ReadIndex, thesis §6.4).</summary>
public sealed class PendingReadsTests
{
    [Fact]
    public void A_read_is_served_only_once_confirmed_and_applied_up_to_its_index()
    {
        var reads = new PendingReads();
        var (r1, r2, r3) = (Read("r1"), Read("r2"), Read("r3"));
        var (id1, id2, id3) = (reads.Add(r1), reads.Add(r2), reads.Add(r3));
        Assert.Equal(3, new[] { id1, id2, id3 }.Distinct().Count());

        Assert.Empty(reads.TakeServable(appliedIndex: 100)); // none confirmed yet
        reads.Confirmed(new ReadState(id2, 7));
        reads.Confirmed(new ReadState(id1, 9));
        Assert.Empty(reads.TakeServable(appliedIndex: 6));
        Assert.Equal([r2], reads.TakeServable(appliedIndex: 8));
        Assert.Equal([r1], reads.TakeServable(appliedIndex: 9));
        Assert.Equal(1, reads.Count);
    }

    [Fact]
    public void A_failed_read_is_answered_once_and_never_served()
    {
        var reads = new PendingReads();
        var read = Read("r");
        var id = reads.Add(read);
        reads.Confirmed(new ReadState(id, 3));

        Assert.Equal(read, reads.Fail(id));
        Assert.Null(reads.Fail(id));
        Assert.Empty(reads.TakeServable(appliedIndex: 3));
    }

    private static PendingRead Read(string value) => new(_ => value, ActorRefs.Nobody);
}
