using Raft3D.Consensus.Core;

namespace Raft3D.Consensus.Node;

/// <summary>
/// Linearizable reads between the request and the answer (ReadIndex, thesis §6.4): each waits
/// for the core to confirm a read index, then for the applied index to reach it.
/// </summary>
public sealed class PendingReads
{
    private readonly Dictionary<long, PendingRead> _reads = [];
    private readonly PriorityQueue<long, long> _awaitingApply = new();
    private long _nextId;

    public int Count => _reads.Count;

    /// <summary>Keeps the read; returns the request id to ask the core for its read index with.</summary>
    public long Add(PendingRead read)
    {
        var id = ++_nextId;
        _reads[id] = read;
        return id;
    }

    /// <summary>The core confirmed the read's index: it is served once the state machine has applied up to it.</summary>
    public void Confirmed(ReadState state) => _awaitingApply.Enqueue(state.RequestId, state.ReadIndex);

    /// <summary>The core gave up on the read (no leader could confirm it): returns it to answer, if still waiting.</summary>
    public PendingRead? Fail(long requestId) => _reads.Remove(requestId, out var read) ? read : null;

    /// <summary>Takes, in read-index order, the confirmed reads that the applied index now allows.</summary>
    public List<PendingRead> TakeServable(long appliedIndex)
    {
        var servable = new List<PendingRead>();
        while (_awaitingApply.TryPeek(out var id, out var readIndex) && readIndex <= appliedIndex)
        {
            _awaitingApply.Dequeue();
            if (_reads.Remove(id, out var read)) servable.Add(read);
        }
        return servable;
    }
}
