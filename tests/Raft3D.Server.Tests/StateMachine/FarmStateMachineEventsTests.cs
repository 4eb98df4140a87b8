using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.Server.Events;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Tests.StateMachine;

/// <summary>What the state machine reports to the event window as Raft drives it.</summary>
public sealed class FarmStateMachineEventsTests
{
    private static byte[] Envelope(FarmCommand command, string? key = null) =>
        CommandEnvelopeCodec.Encode(new CommandEnvelope(key, [1], 1_000, FarmCommandCodec.Encode(command)));

    private static readonly byte[] P1 = Envelope(new CreatePrinter("p1", "Prusa", "MK4"), "k1");
    private static readonly byte[] P2 = Envelope(new CreatePrinter("p2", "Prusa", "XL"));

    private static IEnumerable<(long, string)> Held(FarmEventWindow window) =>
        window.Read(window.Floor, 100).Events.Select(e => (e.Index, e.Type));

    [Fact]
    public void Applied_changes_become_events_and_refusals_retries_and_garbage_do_not()
    {
        var window = new FarmEventWindow(100);
        var machine = new FarmStateMachine(window);
        machine.Apply(1, P1);
        machine.Apply(2, P1); // a retry with the same Idempotency-Key: the first attempt's answer, no change
        machine.Apply(3, Envelope(new CreatePrinter("p1", "Other", "Printer"))); // a taken id: refused
        machine.Apply(4, "garbage"u8);
        machine.Apply(5, P2);

        Assert.Equal([(1L, "printer.created"), (5L, "printer.created")], Held(window));
        Assert.Equal(5, window.Last);
    }

    [Fact]
    public void A_restore_from_a_local_snapshot_then_re_applies_gives_no_index_twice()
    {
        var window = new FarmEventWindow(100);
        var machine = new FarmStateMachine(window);
        machine.Apply(1, P1);
        var snapshot = machine.Snapshot();
        machine.Apply(2, P2);

        // The Raft actor restarts: a new state machine from the snapshot at 1, then 2 again.
        var restarted = new FarmStateMachine(window);
        ((Consensus.IStateMachine)restarted).Restore(1, new MemoryStream(snapshot));
        restarted.Apply(2, P2);
        restarted.Apply(3, Envelope(new CreatePrinter("p3", "Bambu", "X1")));

        Assert.Equal([1L, 2L, 3L], Held(window).Select(e => e.Item1));
    }

    [Fact]
    public void A_snapshot_from_the_leader_past_the_window_starts_it_after_the_snapshot()
    {
        var window = new FarmEventWindow(100);
        var machine = new FarmStateMachine(window);
        machine.Apply(1, P1);
        var leader = new FarmStateMachine();
        leader.Apply(1, P1);
        leader.Apply(2, P2);

        ((Consensus.IStateMachine)machine).Restore(7, new MemoryStream(leader.Snapshot()));

        Assert.True(window.Read(1, 100).Gone, "changes 2..7 were never seen one by one");
        Assert.Equal(7, window.Floor);
        Assert.Equal(2, machine.Farm.PrinterCount);
    }

    [Fact]
    public void Compaction_reaches_the_window()
    {
        var window = new FarmEventWindow(100);
        var machine = new FarmStateMachine(window);
        machine.Apply(1, P1);
        machine.Apply(2, P2);
        ((Consensus.IStateMachine)machine).Compacted(1);
        Assert.Equal([2L], Held(window).Select(e => e.Item1));
    }
}
