using Akka.Actor;

namespace Raft3D.Consensus.Node;

/// <summary>
/// A temporary actor (as an ask's) that a forwarded write names as its sender: the leader's
/// answer passes straight through it to the client, on the thread that delivers it, and it
/// remembers that the client was answered. The first answer wins, the leader's or the
/// forwarding server's own "outcome unknown"; later ones are dropped.
/// </summary>
public sealed class ForwardRelay : MinimalActorRef
{
    private readonly IActorRef _client;
    private readonly IActorRef? _applier;
    private int _answered;
    private int _appliedByLeader;

    /// <summary>applier: the server's Raft actor, which answers a write once it has applied it; null: at once.</summary>
    public ForwardRelay(IActorRefProvider provider, IActorRef client, string leader, long tick, IActorRef? applier = null)
    {
        Provider = provider;
        _client = client;
        _applier = applier;
        Leader = leader;
        Tick = tick;
        Path = provider.TempPath();
        provider.RegisterTempActor(this, Path);
    }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    /// <summary>The leader the write was passed to.</summary>
    public string Leader { get; }

    /// <summary>When it was passed on, in ticks of the forwarding server.</summary>
    public long Tick { get; }

    public bool Answered => Volatile.Read(ref _answered) == 1;

    /// <summary>The leader answered that it applied the write; the answer waits for this server's apply, whoever leads meanwhile.</summary>
    public bool AppliedByLeader => Volatile.Read(ref _appliedByLeader) == 1;

    /// <summary>Answers the client, unless it was answered already.</summary>
    public void Answer(object message, IActorRef? sender = null)
    {
        if (Interlocked.Exchange(ref _answered, 1) != 0) return;
        Provider.UnregisterTempActor(Path);
        _client.Tell(message, sender ?? ActorRefs.NoSender);
    }

    /// <summary>Stops relaying without answering (the client has long given up).</summary>
    public void Forget()
    {
        if (Interlocked.Exchange(ref _answered, 1) == 0) Provider.UnregisterTempActor(Path);
    }

    /// <summary>
    /// A write the leader applied goes to the applier, which answers once this server has applied
    /// it too: the leader announces the commit ahead of its answer, but this server applies on
    /// its own thread, so without the wait a local read here right after the answer could miss
    /// the client's own write.
    /// </summary>
    protected override void TellInternal(object message, IActorRef sender)
    {
        if (message is ProposeResult.Applied applied && _applier is not null && !Answered)
        {
            Volatile.Write(ref _appliedByLeader, 1);
            _applier.Tell(new AnswerWhenApplied(this, applied, sender));
        }
        else
            Answer(message, sender);
    }
}
