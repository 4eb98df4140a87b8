using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;
using Raft3D.Server.Settings;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Tests.StateMachine;

public sealed class FarmStateMachineTests
{
    private static byte[] Envelope(FarmCommand command, string? key = null, byte fingerprint = 1, long timestamp = 1_000) =>
        CommandEnvelopeCodec.Encode(new CommandEnvelope(key, [fingerprint], timestamp, FarmCommandCodec.Encode(command)));

    private static ApplyOutcome Apply(FarmStateMachine machine, byte[] envelope, long index = 1) =>
        ApplyOutcome.Decode(machine.Apply(index, envelope));

    [Fact]
    public void Applies_a_command_without_a_key()
    {
        var machine = new FarmStateMachine();

        var outcome = Apply(machine, Envelope(new CreatePrinter("p1", "Prusa", "MK4")));

        Assert.Equal(ApplyOutcomeKind.Applied, outcome.Kind);
        Assert.IsType<FarmResult.Created>(FarmResultCodec.Decode(outcome.FarmResult));
        Assert.Equal(0, machine.Idempotency.Count);
    }

    [Fact]
    public void A_captured_snapshot_serialises_the_state_of_its_moment_with_the_idempotency_table()
    {
        var machine = new FarmStateMachine();
        Apply(machine, Envelope(new CreatePrinter("p1", "Prusa", "MK4"), "k1"));
        var expected = machine.Snapshot();
        var capture = ((Consensus.IStateMachine)machine).CaptureSnapshot();

        Apply(machine, Envelope(new CreatePrinter("p2", "Prusa", "MK4"), "k2"), 2);

        using var written = new MemoryStream();
        capture.WriteTo(written);
        var bytes = written.ToArray();
        Assert.Equal(expected, bytes);
        var restored = new FarmStateMachine();
        restored.Restore(bytes);
        Assert.Single(restored.Farm.ListPrinters());
        Assert.Equal(1, restored.Idempotency.Count);
    }

    [Fact]
    public void Objects_take_the_log_index_as_their_version_and_keep_it_through_a_snapshot()
    {
        var machine = new FarmStateMachine();
        Apply(machine, new ClusterSettingsEntry(null, null, OnlyIfUnset: true).Encode(), 5);
        Apply(machine, Envelope(new CreatePrinter("p1", "Prusa", "MK4")), 7);
        var stale = Apply(machine, Envelope(new UpdatePrinter("p1", "Bambu", null, ExpectedVersion: 6)), 9);
        var patched = Apply(machine, Envelope(new UpdatePrinter("p1", "Bambu", null, ExpectedVersion: 7)), 12);

        Assert.IsType<FarmResult.PreconditionFailed>(FarmResultCodec.Decode(stale.FarmResult));
        Assert.Equal(12, ((Printer)Assert.IsType<FarmResult.Updated>(FarmResultCodec.Decode(patched.FarmResult)).Value).Version);
        var restored = new FarmStateMachine();
        restored.Restore(machine.Snapshot());
        Assert.Equal(new Printer("p1", "Bambu", "MK4") { Version = 12 }, restored.Farm.GetPrinter("p1"));
    }

    [Fact]
    public void A_node_snapshot_holding_a_farm_of_the_previous_format_restores()
    {
        var machine = new FarmStateMachine();
        machine.Restore(PreviousReleaseSnapshot.Bytes());

        Assert.Equal(new Printer("p1", "Prusa", "MK4"), machine.Farm.GetPrinter("p1"));
        Assert.Equal(100, machine.Farm.GetFilament("f1")!.ReservedWeightInGrams);
        // The first settings entry ends the upgrade: every object takes its index as version.
        Apply(machine, new ClusterSettingsEntry(null, null, OnlyIfUnset: true).Encode(), 39);
        Assert.Equal(39, machine.Farm.GetJob("j1")!.Version);
        var outcome = Apply(machine, Envelope(new ChangeJobStatus("j1", "running", ExpectedVersion: 39)), 40);
        Assert.Equal(40, ((PrintJob)Assert.IsType<FarmResult.Updated>(FarmResultCodec.Decode(outcome.FarmResult)).Value).Version);
        var again = new FarmStateMachine();
        again.Restore(machine.Snapshot());
        Assert.Equal(machine.Farm.ToSnapshot(), again.Farm.ToSnapshot());
    }

    [Fact]
    public void A_retry_with_the_same_key_and_request_gets_the_first_result_and_applies_nothing()
    {
        var machine = new FarmStateMachine();
        var first = Apply(machine, Envelope(new CreatePrinter("p1", "Prusa", "MK4"), "k"));

        var retry = Apply(machine, Envelope(new CreatePrinter("p1", "Prusa", "MK4"), "k"), 2);

        Assert.Equal(ApplyOutcomeKind.Replayed, retry.Kind);
        Assert.Equal(first.FarmResult, retry.FarmResult);
        Assert.Single(machine.Farm.ListPrinters());
    }

    [Fact]
    public void A_failed_first_attempt_is_replayed_too()
    {
        var machine = new FarmStateMachine();
        var first = Apply(machine, Envelope(new CreatePrintJob("j", "nope", "nope", "a.gcode", 10, null), "k"));
        Apply(machine, Envelope(new CreatePrinter("nope", "Prusa", "MK4")), 2);

        var retry = Apply(machine, Envelope(new CreatePrintJob("j", "nope", "nope", "a.gcode", 10, null), "k"), 3);

        Assert.Equal(ApplyOutcomeKind.Replayed, retry.Kind);
        Assert.IsType<FarmResult.Unprocessable>(FarmResultCodec.Decode(retry.FarmResult));
        Assert.Equal(first.FarmResult, retry.FarmResult);
    }

    [Fact]
    public void The_same_key_with_another_request_is_refused()
    {
        var machine = new FarmStateMachine();
        Apply(machine, Envelope(new CreatePrinter("p1", "Prusa", "MK4"), "k", fingerprint: 1));

        var reuse = Apply(machine, Envelope(new CreatePrinter("p2", "Prusa", "MK3"), "k", fingerprint: 2), 2);

        Assert.Equal(ApplyOutcomeKind.KeyReused, reuse.Kind);
        Assert.Contains("'k'", reuse.Message);
        Assert.Single(machine.Farm.ListPrinters());
    }

    [Fact]
    public void An_evicted_key_applies_again()
    {
        var machine = new FarmStateMachine();
        Apply(machine, new ClusterSettingsEntry(null, TimeSpan.FromSeconds(1), OnlyIfUnset: false).Encode());
        Apply(machine, Envelope(new CreatePrinter("p1", "Prusa", "MK4"), "k", timestamp: 1_000), 2);
        Apply(machine, Envelope(new CreatePrinter("p2", "Prusa", "MK4"), timestamp: 5_000), 3);

        var again = Apply(machine, Envelope(new CreatePrinter("p1", "Prusa", "MK4"), "k", timestamp: 5_001), 4);

        Assert.Equal(ApplyOutcomeKind.Applied, again.Kind);
        Assert.IsType<FarmResult.Conflict>(FarmResultCodec.Decode(again.FarmResult));
    }

    [Fact]
    public void Garbage_is_answered_deterministically_and_changes_nothing()
    {
        var machine = new FarmStateMachine();

        var outcome = Apply(machine, [9, 9, 9], 7);

        Assert.Equal(ApplyOutcomeKind.Malformed, outcome.Kind);
        Assert.Contains("log entry 7", outcome.Message);
    }

    [Fact]
    public void Snapshot_carries_the_farm_and_the_idempotency_table()
    {
        var machine = new FarmStateMachine();
        Apply(machine, Envelope(new CreatePrinter("p1", "Prusa", "MK4"), "k1"));
        Apply(machine, Envelope(new CreateFilament("f1", "pla", "red", 1000, null)), 2);
        Apply(machine, Envelope(new CreatePrintJob("j1", "p1", "f1", "a.gcode", 100, null), "k2"), 3);
        var snapshot = machine.Snapshot();

        var restored = new FarmStateMachine();
        restored.Restore(snapshot);

        Assert.Equal(snapshot, restored.Snapshot());
        Assert.Equal(100, restored.Farm.GetFilament("f1")!.ReservedWeightInGrams);
        Assert.Equal(ApplyOutcomeKind.Replayed, Apply(restored, Envelope(new CreatePrinter("p1", "Prusa", "MK4"), "k1"), 4).Kind);
        Assert.Equal(JobStatus.Queued, restored.Farm.GetJob("j1")!.Status);
    }

    [Fact]
    public void Restore_refuses_bytes_that_are_not_a_snapshot() =>
        Assert.Throws<InvalidDataException>(() => new FarmStateMachine().Restore("nope!"u8));
}
