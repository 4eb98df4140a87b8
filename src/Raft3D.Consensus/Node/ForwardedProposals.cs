using Akka.Actor;

namespace Raft3D.Consensus.Node;

/// <summary>
/// Client writes a server passed on to its leader, each through a <see cref="ForwardRelay"/>.
/// The leader answers through the relay; when that leader dies or is cut off the client would
/// hear nothing until its own timeout. The forwarding server sees the loss first (its election
/// timer fires, or another leader appears) and tells each client still waiting that the outcome
/// is unknown: the write may have been committed before the leader was lost, or not (clients
/// retry with the same idempotency key).
/// </summary>
public sealed class ForwardedProposals(IActorRefProvider provider, int forgetAfterTicks, IActorRef? applier = null)
{
    private readonly Queue<ForwardRelay> _waiting = new();
    private long _ticks;

    public int Count => _waiting.Count;

    /// <summary>Returns the sender to pass the write on with.</summary>
    public IActorRef Add(IActorRef client, string leader)
    {
        var relay = new ForwardRelay(provider, client, leader, _ticks, applier);
        _waiting.Enqueue(relay);
        return relay;
    }

    /// <summary>
    /// Drops the answered writes at the head (answers come roughly in order) and forgets writes
    /// older than forgetAfterTicks: by then their clients have given up.
    /// </summary>
    public void Tick()
    {
        _ticks++;
        while (_waiting.TryPeek(out var head) && (head.Answered || _ticks - head.Tick > forgetAfterTicks))
            _waiting.Dequeue().Forget();
    }

    /// <summary>The leader is now leader (null: none known): answers the clients still waiting on another.</summary>
    public void LeaderChanged(string? leader, object answer)
    {
        var kept = new List<ForwardRelay>();
        while (_waiting.TryDequeue(out var relay))
        {
            if (relay.Answered || relay.AppliedByLeader) continue;
            if (relay.Leader == leader) kept.Add(relay);
            else relay.Answer(answer);
        }
        foreach (var relay in kept) _waiting.Enqueue(relay);
    }
}
