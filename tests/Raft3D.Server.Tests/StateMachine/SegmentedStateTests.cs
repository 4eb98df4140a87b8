using Raft3D.Consensus.Snapshots;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Tests.StateMachine;

/// <summary>
/// The state's snapshot as Raft holds it past 2 GiB: written into segments, restored from a
/// stream over them, with the farm's length a 64-bit varint that reads the bytes of earlier
/// releases unchanged.
/// </summary>
public sealed class SegmentedStateTests
{
    private static FarmStateMachine Farm()
    {
        var machine = new FarmStateMachine();
        FarmCommand[] commands =
        [
            new CreatePrinter("p1", "Prusa", "MK4"),
            new CreateFilament("f1", "pla", "red", 1000, null),
            new CreatePrintJob("j1", "p1", "f1", "a.gcode", 100, null),
        ];
        for (var i = 0; i < commands.Length; i++)
            machine.Apply(i + 1, CommandEnvelopeCodec.Encode(new CommandEnvelope($"k{i}", [1], 1_000, FarmCommandCodec.Encode(commands[i]))));
        return machine;
    }

    [Theory]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(65_536)]
    public void A_state_written_in_segments_restores_from_a_stream_over_them(int segmentBytes)
    {
        var machine = Farm();
        using var sink = new SnapshotDataWriter(segmentBytes);
        ((Consensus.IStateMachine)machine).CaptureSnapshot().WriteTo(sink);
        var data = sink.ToSnapshotData();

        var restored = new FarmStateMachine();
        using (var stream = data.OpenRead()) ((Consensus.IStateMachine)restored).Restore(3, stream);

        Assert.Equal(machine.Snapshot(), data.ToArray());
        Assert.Equal(machine.Snapshot(), restored.Snapshot());
    }

    [Fact]
    public void A_farm_length_that_does_not_match_what_follows_is_refused()
    {
        var bytes = Farm().Snapshot();
        var truncated = bytes[..^1];
        var padded = (byte[])[.. bytes, 0];

        Assert.Contains("farm", Assert.Throws<InvalidDataException>(() => new FarmStateMachine().Restore(truncated)).Message);
        Assert.Contains("farm", Assert.Throws<InvalidDataException>(() => new FarmStateMachine().Restore(padded)).Message);
    }
}
