using Akka.Actor;
using Akka.Hosting;
using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Hosting;

/// <summary>The façade finds the Raft actor however late the actor system registers it, and asks its running incarnation once there is one.</summary>
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

        Assert.Same(ActorRefs.Nobody, await asked.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Same(ActorRefs.Nobody, await raft.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Waiting_for_an_actor_never_registered_ends_with_the_callers_cancellation()
    {
        var raft = new RegisteredRaftActor(new ActorRegistry());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => raft.GetAsync(cancel.Token).AsTask());
    }

    [Fact]
    public async Task The_running_incarnation_is_asked_directly_and_a_restarted_one_takes_over()
    {
        using var system = ActorSystem.Create("incarnations");
        var registry = ActorRegistry.For(system);
        var supervisor = system.ActorOf(Props.Empty, "supervisor");
        registry.Register<RaftActor>(supervisor);
        var raft = new RegisteredRaftActor(registry);
        Assert.Same(supervisor, await raft.GetAsync(CancellationToken.None));

        var first = system.ActorOf(Props.Empty, "first");
        registry.Register<RaftIncarnation>(first, overwrite: true);
        Assert.Same(first, await raft.GetAsync(CancellationToken.None));

        var second = system.ActorOf(Props.Empty, "second");
        registry.Register<RaftIncarnation>(second, overwrite: true);
        Assert.Same(second, await raft.GetAsync(CancellationToken.None));
        await system.Terminate();
    }

    [Fact]
    public async Task A_Raft_actor_registers_itself_as_the_running_incarnation()
    {
        await using var cluster = Node.RaftTestCluster.Start(1);
        await cluster.AwaitLeaderAsync();
        var node = cluster.Nodes[0];

        Assert.True(ActorRegistry.For(node.System!).TryGet<RaftIncarnation>(out var incarnation));
        Assert.Same(node.Raft, incarnation);
    }
}
