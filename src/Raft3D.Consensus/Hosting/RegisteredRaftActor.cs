using Akka.Actor;
using Akka.Hosting;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Hosting;

/// <summary>
/// The Raft actor as the actor registry holds it, waited for while the actor system starts.
/// Polls the registry rather than using <c>IRequiredActor.GetAsync</c>: under load, a call to it
/// made while the actor system was starting was seen never to complete (Akka.Hosting 1.5.74),
/// and the background service that made it waited forever.
/// </summary>
internal sealed class RegisteredRaftActor(IReadOnlyActorRegistry registry)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private IActorRef? _raft;

    public async Task<IActorRef> GetAsync(CancellationToken cancellationToken)
    {
        if (_raft is { } known) return known;
        IActorRef raft;
        while (!registry.TryGet<RaftActor>(out raft)) await Task.Delay(PollInterval, cancellationToken);
        return _raft = raft;
    }
}
