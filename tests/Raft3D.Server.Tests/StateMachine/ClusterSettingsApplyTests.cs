using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.Server.Settings;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Tests.StateMachine;

/// <summary>SPEC §11: the idempotency bounds come from the log, never from the node.</summary>
public sealed class ClusterSettingsApplyTests
{
    private long _index;

    private ApplyOutcome Apply(FarmStateMachine machine, byte[] entry) => ApplyOutcome.Decode(machine.Apply(++_index, entry));

    private ApplyOutcome Keyed(FarmStateMachine machine, string key, string printer, long timestampMs = 1_000) =>
        Apply(machine, CommandEnvelopeCodec.Encode(new CommandEnvelope(key, [1], timestampMs, FarmCommandCodec.Encode(new CreatePrinter(printer, "Prusa", "MK4")))));

    private static byte[] Set(int? maxEntries = null, TimeSpan? maxAge = null, bool onlyIfUnset = false) =>
        new ClusterSettingsEntry(maxEntries, maxAge, onlyIfUnset).Encode();

    [Fact]
    public void Without_a_settings_entry_the_built_in_bounds_apply_and_the_snapshot_is_the_previous_format()
    {
        var machine = new FarmStateMachine();
        Keyed(machine, "k", "p1");

        Assert.Null(machine.Settings);
        Assert.Equal(1, machine.Snapshot()[4]);
        Assert.Equal(1, machine.Idempotency.Count);
    }

    [Fact]
    public void A_settings_entry_bounds_the_table_at_once_and_answers_the_settings_in_effect()
    {
        var machine = new FarmStateMachine();
        Keyed(machine, "k1", "p1");
        Keyed(machine, "k2", "p2");
        Keyed(machine, "k3", "p3");

        var outcome = Apply(machine, Set(maxEntries: 2));

        Assert.Equal(ApplyOutcomeKind.Applied, outcome.Kind);
        Assert.Equal(new ClusterSettings(2, ClusterSettings.Unset.IdempotencyMaxAge), ClusterSettingsEntry.Decode(outcome.FarmResult).Over(ClusterSettings.Unset));
        Assert.Equal(2, machine.Idempotency.Count);
        Assert.Null(machine.Idempotency.Find("k1"));
        Assert.Equal(ApplyOutcomeKind.Replayed, Keyed(machine, "k3", "p3").Kind);
    }

    [Fact]
    public void Only_the_first_proposal_of_first_settings_applies()
    {
        var machine = new FarmStateMachine();

        Apply(machine, Set(5, TimeSpan.FromHours(1), onlyIfUnset: true));
        var second = Apply(machine, Set(9, TimeSpan.FromHours(9), onlyIfUnset: true));

        Assert.Equal(new ClusterSettings(5, TimeSpan.FromHours(1)), machine.Settings);
        Assert.Equal(5, ClusterSettingsEntry.Decode(second.FarmResult).IdempotencyMaxEntries);
        Apply(machine, Set(maxAge: TimeSpan.FromMinutes(10)));
        Assert.Equal(new ClusterSettings(5, TimeSpan.FromMinutes(10)), machine.Settings);
    }

    [Fact]
    public void An_entry_that_would_leave_invalid_settings_changes_nothing()
    {
        var machine = new FarmStateMachine();
        Apply(machine, Set(5));

        var outcome = Apply(machine, Set(maxEntries: 0));

        Assert.Equal(ApplyOutcomeKind.Malformed, outcome.Kind);
        Assert.Contains("idempotency_max_entries", outcome.Message);
        Assert.Equal(5, machine.Settings!.IdempotencyMaxEntries);
    }

    [Fact]
    public void The_age_bound_applies_by_the_entries_time()
    {
        var machine = new FarmStateMachine();
        Apply(machine, Set(maxAge: TimeSpan.FromSeconds(10)));
        Keyed(machine, "k", "p1", timestampMs: 1_000);
        Keyed(machine, "other", "p2", timestampMs: 12_000);

        Assert.Null(machine.Idempotency.Find("k"));
    }

    [Fact]
    public void The_settings_travel_in_the_snapshot_and_bound_the_restored_table()
    {
        var machine = new FarmStateMachine();
        Apply(machine, Set(2, TimeSpan.FromHours(3)));
        Keyed(machine, "k1", "p1");
        var snapshot = machine.Snapshot();

        var restored = new FarmStateMachine();
        restored.Restore(snapshot);

        Assert.Equal(2, snapshot[4]);
        Assert.Equal(new ClusterSettings(2, TimeSpan.FromHours(3)), restored.Settings);
        Assert.Equal(restored.Settings, restored.Current.Settings);
        Keyed(restored, "k2", "p2");
        Keyed(restored, "k3", "p3");
        Assert.Equal(2, restored.Idempotency.Count);
        Assert.Null(restored.Idempotency.Find("k1"));
    }

    [Fact]
    public void Restoring_a_snapshot_without_settings_drops_the_ones_set_since()
    {
        var before = new FarmStateMachine().Snapshot();
        var machine = new FarmStateMachine();
        Apply(machine, Set(1));

        machine.Restore(before);

        Assert.Null(machine.Settings);
    }

    [Fact]
    public void The_settings_are_published_with_the_view_that_reads_answer_from()
    {
        var applied = new AppliedFarm();
        var machine = new FarmStateMachine(applied: applied);

        Apply(machine, Set(3));

        Assert.Equal(3, applied.Latest!.Settings!.IdempotencyMaxEntries);
    }
}
