using Akka.Actor;
using Akka.Hosting;
using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Hosting;

/// <summary>The façade finds the Raft actor however late the actor system registers it.</summary>
public sealed class RegisteredRaftActorTests
{
    [Fact]
    public async Task An_actor_registered_after_it_was_first_asked_for_is_found()
    {
        var registry = new ActorRegistry();
        var raft = new RegisteredRaftActor(registry);

        var asked = raft.GetAsync(CancellationToken.None);
        Assert.False(asked.IsCompleted);
        registry.Register<RaftActor>(ActorRefs.Nobody);

        Assert.Same(ActorRefs.Nobody, await asked.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Same(ActorRefs.Nobody, await raft.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Waiting_for_an_actor_never_registered_ends_with_the_callers_cancellation()
    {
        var raft = new RegisteredRaftActor(new ActorRegistry());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => raft.GetAsync(cancel.Token));
    }
}
