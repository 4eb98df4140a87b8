using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;
using Raft3D.Server.Settings;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Tests.StateMachine;

/// <summary>
/// The log's first settings entry ends an upgrade from the previous release (SPEC §11): before it,
/// commands that release cannot apply change nothing on any node; at it, every object takes its
/// index as version, so nodes that restored a snapshot of the previous format (no versions) and
/// nodes that replayed the log agree, and If-Match decides alike on every node.
/// </summary>
public sealed class UpgradeEndTests
{
    private static readonly byte[] FirstSettings = new ClusterSettingsEntry(null, null, OnlyIfUnset: true).Encode();

    private static byte[] Envelope(FarmCommand command, string? key = null) =>
        CommandEnvelopeCodec.Encode(new CommandEnvelope(key, [1], 1_000, FarmCommandCodec.Encode(command)));

    private static ApplyOutcome Apply(FarmStateMachine machine, long index, byte[] entry) => ApplyOutcome.Decode(machine.Apply(index, entry));

    /// <summary>p1, f1 (1000 g, 900 left) and j1 (100 g, Queued) created at 3, 4 and 5.</summary>
    private static FarmStateMachine Replayed()
    {
        var machine = new FarmStateMachine();
        Apply(machine, 3, Envelope(new CreatePrinter("p1", "Prusa", "MK4")));
        Apply(machine, 4, Envelope(new CreateFilament("f1", "pla", "red", 1000, 900)));
        Apply(machine, 5, Envelope(new CreatePrintJob("j1", "p1", "f1", "a.gcode", 100, null)));
        return machine;
    }

    /// <summary>The same farm restored from what a node of the previous release saved at index 5: no versions.</summary>
    private static FarmStateMachine RestoredFromPreviousRelease()
    {
        var machine = new FarmStateMachine();
        machine.Restore(5, new MemoryStream(PreviousReleaseSnapshot.Bytes()));
        return machine;
    }

    public static TheoryData<string, FarmCommand> CommandsOfThisRelease() => new()
    {
        { "printer patch", new UpdatePrinter("p1", "Bambu", null, null) },
        { "filament patch", new UpdateFilament("f1", "blue", null, null) },
        { "printer delete", new DeletePrinter("idle", null) },
        { "filament delete", new DeleteFilament("idle", null) },
        { "status change with If-Match", new ChangeJobStatus("j1", "canceled", 5) },
    };

    [Theory]
    [MemberData(nameof(CommandsOfThisRelease))]
    public void Before_the_first_settings_entry_a_command_of_this_release_changes_nothing_and_its_key_stays_free(string what, FarmCommand command)
    {
        var machine = Replayed();
        Apply(machine, 6, Envelope(new CreatePrinter("idle", "Prusa", "MK3")));
        Apply(machine, 7, Envelope(new CreateFilament("idle", "petg", "black", 1000, null)));
        var before = machine.Farm.ToSnapshot();

        var refused = Apply(machine, 8, Envelope(command, "k"));

        Assert.True(refused.Kind == ApplyOutcomeKind.UpgradeInProgress, what);
        Assert.Contains("first settings entry", refused.Message);
        Assert.Equal(before, machine.Farm.ToSnapshot());
        Apply(machine, 9, FirstSettings);
        var retried = Apply(machine, 10, Envelope(command is ChangeJobStatus c ? c with { ExpectedVersion = 9 } : command, "k"));
        Assert.True(retried.Kind == ApplyOutcomeKind.Applied, what);
        Assert.True(FarmResultCodec.Decode(retried.FarmResult).IsSuccess, what);
    }

    [Fact]
    public void A_status_change_without_If_Match_is_what_the_previous_release_applies_too()
    {
        var machine = Replayed();
        var outcome = Apply(machine, 6, Envelope(new ChangeJobStatus("j1", "running")));
        Assert.IsType<FarmResult.Updated>(FarmResultCodec.Decode(outcome.FarmResult));
    }

    [Fact]
    public void A_node_restored_from_the_previous_format_and_one_that_replayed_agree_on_versions_from_the_first_settings_entry()
    {
        var replayed = Replayed();
        var restored = RestoredFromPreviousRelease();
        Assert.NotEqual(replayed.Farm.GetPrinter("p1")!.Version, restored.Farm.GetPrinter("p1")!.Version);

        foreach (var machine in new[] { replayed, restored })
        {
            Apply(machine, 6, Envelope(new CreatePrinter("p2", "Bambu", "X1")));
            Apply(machine, 7, FirstSettings);
        }

        Assert.Equal(replayed.Farm.ToSnapshot(), restored.Farm.ToSnapshot());
        Assert.All(replayed.Farm.ListPrinters(), p => Assert.Equal(7, p.Version));
        Assert.Equal(7, replayed.Current.Farm.GetJob("j1")!.Version);
        // If-Match decides alike on both: the old version is refused, the new one applies.
        foreach (var machine in new[] { replayed, restored })
        {
            var stale = Apply(machine, 8, Envelope(new UpdatePrinter("p1", "Bambu", null, 3)));
            var current = Apply(machine, 9, Envelope(new UpdatePrinter("p1", "Bambu", null, 7)));
            Assert.IsType<FarmResult.PreconditionFailed>(FarmResultCodec.Decode(stale.FarmResult));
            Assert.IsType<FarmResult.Updated>(FarmResultCodec.Decode(current.FarmResult));
        }
        Assert.Equal(replayed.Farm.ToSnapshot(), restored.Farm.ToSnapshot());
    }

    [Fact]
    public void Only_the_first_settings_entry_restamps()
    {
        var machine = Replayed();
        Apply(machine, 6, FirstSettings);
        Apply(machine, 7, Envelope(new UpdatePrinter("p1", "Bambu", null, 6)));

        Apply(machine, 8, new ClusterSettingsEntry(50, null, OnlyIfUnset: false).Encode());

        Assert.Equal(7, machine.Farm.GetPrinter("p1")!.Version);
        Assert.Equal(6, machine.Farm.GetFilament("f1")!.Version);
    }

    [Fact]
    public void Snapshots_are_in_the_previous_releases_format_until_the_first_settings_entry()
    {
        var machine = Replayed();
        var before = machine.Snapshot();
        Apply(machine, 6, FirstSettings);
        var after = machine.Snapshot();

        // "R3DS", its version (1: no settings, 2: settings), ..., then the farm's "R3DF" and its version.
        Assert.Equal((1, 2), (before[4], FarmVersionIn(before)));
        Assert.Equal((2, 3), (after[4], FarmVersionIn(after)));
        var restored = new FarmStateMachine();
        restored.Restore(after);
        Assert.Equal(6, restored.Farm.GetJob("j1")!.Version);
    }

    private static int FarmVersionIn(byte[] snapshot) => snapshot[snapshot.AsSpan().IndexOf("R3DF"u8) + 4];
}
