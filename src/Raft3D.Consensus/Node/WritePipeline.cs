using Raft3D.Consensus.Core;

namespace Raft3D.Consensus.Node;

/// <summary>
/// The readies waiting for this server's journal, in order (etcd's rawnode Ready/Advance
/// contract, with writes in flight): one with something to persist waits until its write is
/// durable; one without waits until every earlier one is complete, so that applies and answers
/// keep the order of the steps that produced them. Committed entries may be applied ahead of
/// those writes unless an earlier waiting ready holds them back (a snapshot to restore first, or
/// entries of its own to apply first): committed entries are durable on a majority, so a leader
/// need not wait for its own copy (thesis §10.2.1).
/// </summary>
public sealed class WritePipeline
{
    private readonly Queue<Waiting> _waiting = new();

    // How many waiting readies hold back later applies: a count, so that every step need not walk
    // a queue that grows while this server's journal is held. HoldsBack is remembered as it was when
    // the ready was queued, so that the count comes down by exactly what it went up by.
    private int _holdingBackApplies;

    private readonly record struct Waiting(Ready Ready, bool HasWrite, bool HoldsBack);

    /// <summary>Readies waiting, with or without a write of their own.</summary>
    public int Count => _waiting.Count;

    /// <summary>Whether the ready's committed entries may be applied now, before the writes in flight complete.</summary>
    public bool MayApplyAhead(Ready ready) => ready.MayApplyCommittedAhead(_holdingBackApplies);

    /// <summary>The ready's events were sent to the journal: it completes once <see cref="Written"/> says so.</summary>
    public void AwaitWrite(Ready ready) => Enqueue(ready, hasWrite: true);

    /// <summary>
    /// A ready with nothing to persist: true when it may complete now (nothing is waiting);
    /// otherwise it waits behind the earlier ones, here and not in the journal (a journal batch
    /// of nothing but deferrals is an empty write, which Akka.Persistence.Sql fails).
    /// </summary>
    public bool MayCompleteWithoutWrite(Ready ready)
    {
        if (_waiting.Count == 0) return true;
        Enqueue(ready, hasWrite: false);
        return false;
    }

    /// <summary>The oldest write is durable: its ready, to complete now.</summary>
    public Ready Written()
    {
        if (!_waiting.TryPeek(out var head) || !head.HasWrite)
            throw new InvalidOperationException("a journal write completed that no waiting ready asked for");
        return Dequeue();
    }

    /// <summary>After a write completed: the next ready if it was only waiting for the earlier ones.</summary>
    public bool TryTakeFollowing(out Ready ready)
    {
        if (_waiting.TryPeek(out var next) && !next.HasWrite)
        {
            ready = Dequeue();
            return true;
        }
        ready = null!;
        return false;
    }

    private void Enqueue(Ready ready, bool hasWrite)
    {
        var holdsBack = ready.HoldsBackLaterApplies;
        _waiting.Enqueue(new Waiting(ready, hasWrite, holdsBack));
        if (holdsBack) _holdingBackApplies++;
    }

    private Ready Dequeue()
    {
        var waiting = _waiting.Dequeue();
        if (waiting.HoldsBack) _holdingBackApplies--;
        return waiting.Ready;
    }
}
