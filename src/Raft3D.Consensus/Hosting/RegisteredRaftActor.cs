using Akka.Actor;
using Akka.Hosting;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Hosting;

/// <summary>
/// The Raft actor as the actor registry holds it, waited for while the actor system starts: its
/// running incarnation once it has registered (<see cref="RaftIncarnation"/>), else the supervisor
/// that forwards to it. Polls the registry rather than using <c>IRequiredActor.GetAsync</c>: under
/// load, a call to it made while the actor system was starting was seen never to complete
/// (Akka.Hosting 1.5.74), and the background service that made it waited forever.
/// </summary>
internal sealed class RegisteredRaftActor(IReadOnlyActorRegistry registry)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private IActorRef? _supervisor;

    public ValueTask<IActorRef> GetAsync(CancellationToken cancellationToken)
    {
        // Looked up on every call: a restarted incarnation registers itself anew. A stopped one
        // stays registered until then, and what is sent to it goes to dead letters, as the
        // supervisor does with what arrives while no incarnation runs.
        if (registry.TryGet<RaftIncarnation>(out var incarnation)) return new(incarnation);
        return _supervisor is { } known ? new(known) : new(WaitForSupervisorAsync(cancellationToken));
    }

    private async Task<IActorRef> WaitForSupervisorAsync(CancellationToken cancellationToken)
    {
        IActorRef raft;
        while (!registry.TryGet<RaftActor>(out raft)) await Task.Delay(PollInterval, cancellationToken);
        return _supervisor = raft;
    }
}
