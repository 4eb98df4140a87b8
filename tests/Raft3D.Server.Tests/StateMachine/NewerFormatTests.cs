using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.Server.Settings;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Tests.StateMachine;

/// <summary>
/// SPEC §11: what a newer release may write (a log entry, a state snapshot) is refused by name
/// on this one, never misread; a refused entry changes nothing, on every node alike.
/// </summary>
public sealed class NewerFormatTests
{
    private static byte[] Envelope() =>
        CommandEnvelopeCodec.Encode(new CommandEnvelope(null, [], 1_000, FarmCommandCodec.Encode(new CreatePrinter("p1", "Prusa", "MK4"))));

    public static TheoryData<byte[], string> NewerEntries => new()
    {
        { Forged(Envelope(), 0, 9), "command envelope version 9 is not supported" },
        { Forged(new ClusterSettingsEntry(5, null, false).Encode(), 1, 0x80), "unknown flags 128" },
    };

    [Theory]
    [MemberData(nameof(NewerEntries))]
    public void A_log_entry_of_a_newer_format_is_refused_by_name_and_changes_nothing(byte[] entry, string reason)
    {
        var machine = new FarmStateMachine();
        var before = machine.Snapshot();

        var outcome = ApplyOutcome.Decode(machine.Apply(12, entry));

        Assert.Equal(ApplyOutcomeKind.Malformed, outcome.Kind);
        Assert.Contains("log entry 12", outcome.Message);
        Assert.Contains(reason, outcome.Message);
        Assert.Equal(before, machine.Snapshot());
    }

    [Theory]
    [InlineData(4, 3, "snapshot version 3 is not supported")]
    [InlineData(4, 200, "snapshot version 200 is not supported")]
    public void A_state_snapshot_of_a_newer_format_is_refused_by_name(int at, byte version, string reason)
    {
        var snapshot = Forged(new FarmStateMachine().Snapshot(), at, version);

        var error = Assert.Throws<InvalidDataException>(() => new FarmStateMachine().Restore(snapshot));

        Assert.Contains(reason, error.Message);
    }

    private static byte[] Forged(byte[] bytes, int at, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] = value;
        return copy;
    }

    [Fact]
    public void A_node_of_the_previous_release_gets_its_answer_without_the_objects_version()
    {
        var machine = new FarmStateMachine();
        var result = machine.Apply(7, Envelope());

        var answer = ApplyOutcome.Decode(machine.AnswerForPreviousRelease(result));

        // v0.1.0 reads only version 1 of Created (tag 0x01): the object, and nothing after it.
        Assert.Equal(ApplyOutcomeKind.Applied, answer.Kind);
        Assert.Equal(0x01, answer.FarmResult[0]);
        var created = Assert.IsType<Raft3D.PrintFarm.Results.FarmResult.Created>(FarmResultCodec.Decode(answer.FarmResult));
        Assert.Equal(new Raft3D.PrintFarm.Model.Printer("p1", "Prusa", "MK4"), created.Value);
        Assert.Equal(0x11, ApplyOutcome.Decode(result).FarmResult[0]);
    }

    [Fact]
    public void Answers_the_previous_release_knows_alike_are_left_as_they_are()
    {
        var machine = new FarmStateMachine();
        machine.Apply(1, Envelope());
        var conflict = machine.Apply(2, Envelope());
        var settings = machine.Apply(3, new ClusterSettingsEntry(5, null, false).Encode());

        Assert.Equal(conflict, machine.AnswerForPreviousRelease(conflict));
        Assert.Equal(settings, machine.AnswerForPreviousRelease(settings));
    }
}
