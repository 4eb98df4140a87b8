using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;

namespace Raft3D.PrintFarm.Tests;

public sealed class CodecTests
{
    public static TheoryData<FarmCommand> Commands() =>
    [
        new CreatePrinter("p1", "Prusa", "MK4"),
        new CreateFilament("f1", "pla", "red", 1000, null),
        new CreateFilament("f2", "TPU", "black", 750, 0),
        new CreatePrintJob("j1", "p1", "f1", "models/benchy.gcode", 120, null),
        new CreatePrintJob("j2", "p1", "f1", "ünïcödé.gcode", 1, "queued"),
        new ChangeJobStatus("j1", "cancelled"),
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_round_trips(FarmCommand command) =>
        Assert.Equal(command, FarmCommandCodec.Decode(FarmCommandCodec.Encode(command)));

    public static TheoryData<FarmResult> Results() =>
    [
        new FarmResult.Created(new Printer("p1", "Prusa", "MK4")),
        new FarmResult.Created(new Filament("f1", FilamentType.PETG, "blue", 1000, 900, 300)),
        new FarmResult.Updated(new PrintJob("j1", "p1", "f1", "a.gcode", 50, JobStatus.Running)),
        new FarmResult.Conflict("taken"),
        new FarmResult.NotFound("gone"),
        new FarmResult.Unprocessable("no printer", "printer_id"),
        new FarmResult.Unprocessable("no such thing", null),
    ];

    [Theory]
    [MemberData(nameof(Results))]
    public void Every_result_round_trips(FarmResult result) =>
        Assert.Equal(result, FarmResultCodec.Decode(FarmResultCodec.Encode(result)));

    [Fact]
    public void Field_errors_round_trip()
    {
        var invalid = new FarmResult.Invalid([new FieldError("id", "bad"), new FieldError("type", "worse")]);
        var decoded = Assert.IsType<FarmResult.Invalid>(FarmResultCodec.Decode(FarmResultCodec.Encode(invalid)));
        Assert.Equal(invalid.Errors, decoded.Errors);
    }

    [Fact]
    public void A_command_is_a_few_dozen_bytes() =>
        Assert.InRange(FarmCommandCodec.Encode(new CreatePrintJob("job-1", "printer-1", "filament-1", "benchy.gcode", 120, null)).Length, 30, 50);

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 99 })]
    [InlineData(new byte[] { 1, 200 })]
    [InlineData(new byte[] { 4, 2, 65, 65, 1, 66, 7 })]
    public void Garbage_is_refused_with_a_clear_error(byte[] garbage)
    {
        Assert.Throws<InvalidDataException>(() => FarmCommandCodec.Decode(garbage));
        Assert.Throws<InvalidDataException>(() => FarmResultCodec.Decode(garbage));
    }

    [Fact]
    public void A_snapshot_of_another_version_or_format_is_refused()
    {
        var bytes = FarmBuilder.WithPrinterAndFilament().ToSnapshot();
        bytes[4] = 9;
        Assert.Contains("version 9", Assert.Throws<InvalidDataException>(() => PrintFarmState.FromSnapshot(bytes)).Message);
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => PrintFarmState.FromSnapshot([1, 2, 3, 4, 5, 6])).Message);
        Assert.Throws<InvalidDataException>(() => PrintFarmState.FromSnapshot(bytes.AsSpan(0, bytes.Length - 3)));
    }
}
