using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Node;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.Server.Api;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Tests.Api;

/// <summary>
/// Reads run on an immutable view of the applied farm on the caller's thread: a local read never
/// waits for the Raft actor, a linearizable one takes from it only the view at its read index.
/// </summary>
public sealed class ReadViewTests
{
    private static byte[] Envelope(FarmCommand command) =>
        CommandEnvelopeCodec.Encode(new CommandEnvelope(null, [1], 1_000, FarmCommandCodec.Encode(command)));

    /// <summary>Stands in for a Raft actor stuck in a slow apply: it answers a read only once the gate opens.</summary>
    private sealed class BusyRaft : ReceiveActor
    {
        public BusyRaft(ManualResetEventSlim gate, FarmStateMachine machine, long appliedIndex)
        {
            Receive<Read>(read =>
            {
                if (!gate.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("the test never opened the gate");
                Sender.Tell(new ReadResult.Served(read.Query(machine), appliedIndex));
            });
        }
    }

    [Fact]
    public async Task Local_reads_are_served_while_the_Raft_actor_is_busy_and_linearizable_ones_wait_for_it()
    {
        var applied = new AppliedFarm();
        var machine = new FarmStateMachine(applied: applied);
        machine.Apply(5, Envelope(new CreatePrinter("p1", "Prusa", "MK4")));
        using var gate = new ManualResetEventSlim(false);
        using var system = ActorSystem.Create("read-view-tests");
        var registry = new ActorRegistry();
        registry.Register<RaftActor>(system.ActorOf(Props.Create(() => new BusyRaft(gate, machine, 6))));
        // The façade as the host builds it (AddRaftNode), in front of the busy actor.
        using var services = new ServiceCollection()
            .AddSingleton(registry)
            .AddRaftNode("node1", new RaftNodeOptions(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(90)))
            .BuildServiceProvider();
        var reader = new FarmViewReader(services.GetRequiredService<RaftNode>(), applied);

        var linearizable = reader.ReadAsync(ReadConsistency.Linearizable, CancellationToken.None);
        var local = await reader.ReadAsync(ReadConsistency.Local, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var served = Assert.IsType<ReadOutcome<AppliedView>.Served>(local);
        Assert.Equal(5, served.AppliedIndex);
        Assert.NotNull(served.Value.Farm.GetPrinter("p1"));
        Assert.False(linearizable.IsCompleted, "a linearizable read must wait for the Raft actor's read index");
        machine.Apply(6, Envelope(new CreatePrinter("p2", "Prusa", "MK4")));
        gate.Set();
        var confirmed = Assert.IsType<ReadOutcome<AppliedView>.Served>(await linearizable.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(6, confirmed.AppliedIndex);
        Assert.NotNull(confirmed.Value.Farm.GetPrinter("p2"));
    }

    [Fact]
    public void The_state_machine_publishes_each_entry_it_applies_or_restores_with_its_index()
    {
        var applied = new AppliedFarm();
        var machine = new FarmStateMachine(applied: applied);
        machine.Apply(3, Envelope(new CreatePrinter("p1", "Prusa", "MK4")));
        var before = applied.Latest!;
        // A malformed entry changes no object, yet the view moves to its index: reads wait for indexes, not for changes.
        machine.Apply(4, [0xFF]);

        Assert.Equal(3, before.Index);
        Assert.Equal(4, applied.Latest!.Index);
        Assert.Same(machine.Current, applied.Latest);
        machine.Apply(5, Envelope(new CreatePrinter("p2", "Prusa", "MK4")));
        Assert.Null(before.Farm.GetPrinter("p2"));
        Assert.NotNull(applied.Latest!.Farm.GetPrinter("p2"));

        var restarted = new FarmStateMachine(applied: applied);
        restarted.Restore(9, new MemoryStream(machine.Snapshot()));
        Assert.Equal(9, applied.Latest!.Index);
        Assert.NotNull(applied.Latest.Farm.GetPrinter("p2"));
    }

    [Theory]
    [InlineData(new long[] { 1, 2, 3 }, 3L)]
    [InlineData(new long[] { 5, 3 }, 5L)] // an incarnation replaying from an older snapshot shows nothing older
    [InlineData(new long[] { 5, 5, 4, 7 }, 7L)]
    [InlineData(new long[] { 0 }, 0L)]
    [InlineData(new long[] { }, null)] // nothing applied yet: local reads go to the Raft actor
    public void A_published_view_never_goes_back(long[] indexes, long? expected)
    {
        var applied = new AppliedFarm();
        var farm = new PrintFarm.PrintFarmState();
        foreach (var index in indexes) applied.Publish(new AppliedView(index, farm.View, null));

        Assert.Equal(expected, applied.Latest?.Index);
    }
}
