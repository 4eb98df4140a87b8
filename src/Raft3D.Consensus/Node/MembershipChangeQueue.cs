using Akka.Actor;

namespace Raft3D.Consensus.Node;

/// <summary>
/// Membership changes that arrived while another change was being committed. Changes go one at
/// a time (thesis §4.1): rather than refuse a request that comes while, say, the leader's own
/// promotion of a learner commits, the leader keeps it here, up to a bound, and starts it after.
/// </summary>
public sealed class MembershipChangeQueue
{
    public const int MaxQueued = 64;

    private readonly Queue<(object Change, IActorRef ReplyTo)> _queued = new();

    public int Count => _queued.Count;

    /// <summary>Queues the change when another one blocks it (blockedBy not null) and there is room; false: handle it now.</summary>
    public bool TryQueue(object change, IActorRef replyTo, string? blockedBy)
    {
        if (blockedBy is null || _queued.Count >= MaxQueued) return false;
        _queued.Enqueue((change, replyTo));
        return true;
    }

    /// <summary>The next queued change, if this server leads and no change blocks it.</summary>
    public bool TryStartNext(bool leading, string? blockedBy, out (object Change, IActorRef ReplyTo) next)
    {
        if (leading && blockedBy is null) return _queued.TryDequeue(out next);
        next = default;
        return false;
    }

    /// <summary>Takes every queued change (this server stopped leading: they go to the next leader).</summary>
    public List<(object Change, IActorRef ReplyTo)> TakeAll()
    {
        var all = _queued.ToList();
        _queued.Clear();
        return all;
    }
}
