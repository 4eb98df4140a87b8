using CsCheck;
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
        new CreatePrinter("", "", ""),
        new CreateFilament("f1", "pla", "red", 1000, null),
        new CreateFilament("f2", "TPU", "black", 750, 0),
        new CreateFilament("f3", "nylon", "", int.MinValue, int.MaxValue),
        new CreateFilament("f4", "ABS", "white", int.MaxValue, -1),
        new CreatePrintJob("j1", "p1", "f1", "models/benchy.gcode", 120, null),
        new CreatePrintJob("j2", "p1", "f1", "ünïcödé 🐢.gcode", 1, "queued"),
        new CreatePrintJob("j3", "p1", "f1", "a.gcode", -5, ""),
        new CreatePrintJob(new string('j', 128), new string('p', 128), new string('f', 128), new string('x', 5000), int.MaxValue, "running"),
        new ChangeJobStatus("j1", "cancelled"),
        new ChangeJobStatus("j1", ""),
        new ChangeJobStatus("j1", "done", 17),
        new ChangeJobStatus("j1", "done", long.MaxValue),
        new UpdatePrinter("p1", "Bambu", null, null),
        new UpdatePrinter("p1", null, "X1", 4),
        new UpdatePrinter("p1", "", "", -1),
        new UpdateFilament("f1", "blue", 500, 9),
        new UpdateFilament("f1", null, null, null),
        new UpdateFilament("f1", null, int.MinValue, null),
        new DeletePrinter("p1", null),
        new DeletePrinter("p1", 3),
        new DeleteFilament("f1", null),
        new DeleteFilament("f1", 1L << 40),
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_round_trips(FarmCommand command) =>
        Assert.Equal(command, FarmCommandCodec.Decode(FarmCommandCodec.Encode(command)));

    public static TheoryData<FarmResult> Results() =>
    [
        new FarmResult.Created(new Printer("p1", "Prusa", "MK4")),
        new FarmResult.Created(new Printer("p1", "Prusa", "MK4") { Version = 123_456_789_012 }),
        new FarmResult.Updated(new Filament("f1", FilamentType.PLA, "red", 1000, 10, 5) { Version = 42 }),
        new FarmResult.Updated(new PrintJob("j1", "p1", "f1", "a.gcode", 50, JobStatus.Done) { Version = 7 }),
        new FarmResult.Deleted(new Printer("p1", "Prusa", "MK4") { Version = 3 }),
        new FarmResult.Deleted(new Filament("f1", FilamentType.ABS, "red", 1000, 10, 0) { Version = 9 }),
        new FarmResult.PreconditionFailed("moved on"),
        new FarmResult.Created(new Filament("f1", FilamentType.PETG, "blue", 1000, 900, 300)),
        new FarmResult.Created(new PrintJob("j1", "p1", "f1", "a.gcode", 50, JobStatus.Queued)),
        new FarmResult.Updated(new PrintJob("j1", "p1", "f1", "a.gcode", 50, JobStatus.Running)),
        new FarmResult.Updated(new Filament("f1", FilamentType.TPU, "blue", 1000, 0, 0)),
        new FarmResult.Conflict("taken"),
        new FarmResult.NotFound("gone"),
        new FarmResult.Unprocessable("no printer", "printer_id"),
        new FarmResult.Unprocessable("no such thing", null),
        new FarmResult.Invalid([new FieldError("id", "bad")]),
        new FarmResult.Invalid([new FieldError("id", "bad"), new FieldError("type", "wörse")]),
    ];

    [Theory]
    [MemberData(nameof(Results))]
    public void Every_result_round_trips(FarmResult result) =>
        Assert.Equal(result, FarmResultCodec.Decode(FarmResultCodec.Encode(result)));

    [Fact]
    public void Every_result_the_farm_gives_round_trips()
    {
        var farm = FarmBuilder.WithPrinterAndFilament();
        FarmCommand[] commands =
        [
            FarmBuilder.Job("j1", 100), new ChangeJobStatus("j1", "running"), FarmBuilder.Job("j1", 1), FarmBuilder.Job("j2", 5000),
            new CreatePrintJob("j3", "ghost", "f1", "a.gcode", 1, null), new ChangeJobStatus("ghost", "done"), new CreatePrinter("bad id", "", ""),
        ];
        foreach (var command in commands)
        {
            var result = farm.Apply(command);
            Assert.Equal(result, FarmResultCodec.Decode(FarmResultCodec.Encode(result)));
        }
    }

    /// <summary>Exact bytes: a change here is a format change and needs a new tag (old log entries must stay readable).</summary>
    [Theory]
    [InlineData("0102703105507275736103" + "4D4B34", "printer")]
    [InlineData("12" + "026631" + "03706C61" + "03726564" + "E807" + "00", "filament")]
    [InlineData("13" + "026A31" + "027031" + "026631" + "07612E67636F6465" + "78" + "00", "job")]
    [InlineData("04" + "026A31" + "0772756E6E696E67", "status")]
    [InlineData("14" + "026A31" + "0772756E6E696E67" + "0111", "conditional status")]
    [InlineData("05" + "027031" + "010542616D6275" + "00" + "00", "patch printer")]
    [InlineData("06" + "026631" + "00" + "01F403" + "0111", "patch filament")]
    [InlineData("07" + "027031" + "00", "delete printer")]
    [InlineData("08" + "026631" + "0103", "delete filament")]
    public void The_command_format_is_stable(string hex, string which)
    {
        FarmCommand command = which switch
        {
            "printer" => new CreatePrinter("p1", "Prusa", "MK4"),
            "filament" => new CreateFilament("f1", "pla", "red", 1000, null),
            "job" => new CreatePrintJob("j1", "p1", "f1", "a.gcode", 120, null),
            "status" => new ChangeJobStatus("j1", "running"),
            "conditional status" => new ChangeJobStatus("j1", "running", 17),
            "patch printer" => new UpdatePrinter("p1", "Bambu", null, null),
            "patch filament" => new UpdateFilament("f1", null, 500, 17),
            "delete printer" => new DeletePrinter("p1", null),
            _ => new DeleteFilament("f1", 3),
        };
        Assert.Equal(hex, Convert.ToHexString(FarmCommandCodec.Encode(command)));
        Assert.Equal(command, FarmCommandCodec.Decode(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Version_1_commands_with_fixed_width_numbers_are_still_read()
    {
        // CreateFilament v1: tag 2, three strings, int32 total, flag, int32 remaining.
        Assert.Equal(new CreateFilament("f1", "pla", "red", 1000, 900),
            FarmCommandCodec.Decode(Convert.FromHexString("02" + "026631" + "03706C61" + "03726564" + "E8030000" + "01" + "84030000")));
        Assert.Equal(new CreateFilament("f1", "pla", "red", 1000, null),
            FarmCommandCodec.Decode(Convert.FromHexString("02" + "026631" + "03706C61" + "03726564" + "E8030000" + "00")));
        // CreatePrintJob v1: tag 3, four strings, int32 weight, optional status.
        Assert.Equal(new CreatePrintJob("j1", "p1", "f1", "a.gcode", 120, "queued"),
            FarmCommandCodec.Decode(Convert.FromHexString("03" + "026A31" + "027031" + "026631" + "07612E67636F6465" + "78000000" + "01" + "06717565756564")));
    }

    [Fact]
    public void A_malformed_string_leaves_nothing_behind_for_the_next_decode_on_the_thread()
    {
        // CreatePrinter: tag 1, then an id whose 2 bytes are the start of a 3-byte character (E2 82, of €),
        // then "AB" and "C". Each thread reuses its reader: a decoder that kept E2 82 would change
        // the next string, and the same entry would apply differently on another node.
        var malformed = Convert.FromHexString("01" + "02E282" + "024142" + "0143");
        var first = (CreatePrinter)FarmCommandCodec.Decode(malformed);

        Assert.Equal(("AB", "C"), (first.Company, first.Model));
        Assert.Equal(first, FarmCommandCodec.Decode(malformed));
        Assert.Equal(new CreatePrinter("p1", "Prusa", "MK4"), FarmCommandCodec.Decode(FarmCommandCodec.Encode(new CreatePrinter("p1", "Prusa", "MK4"))));
    }

    [Fact]
    public void Results_of_format_1_are_still_read_with_objects_at_version_0()
    {
        // Created v1: tag 1, kind 1 (printer), its three strings; kept by the replicated idempotency table.
        Assert.Equal(new FarmResult.Created(new Printer("p1", "Prusa", "MK4")),
            FarmResultCodec.Decode(Convert.FromHexString("01" + "01" + "027031" + "055072757361" + "034D4B34")));
        // Created v2 adds the version: 0x11, the object, then 300 as a varint.
        Assert.Equal("11" + "01" + "027031" + "055072757361" + "034D4B34" + "AC02",
            Convert.ToHexString(FarmResultCodec.Encode(new FarmResult.Created(new Printer("p1", "Prusa", "MK4") { Version = 300 }))));
    }

    [Fact]
    public void A_job_command_is_a_few_dozen_bytes() =>
        Assert.Equal(50, FarmCommandCodec.Encode(new CreatePrintJob("job-1", "printer-1", "filament-1", "models/benchy.gcode", 120, null)).Length);

    [Fact]
    public void Missing_strings_travel_as_empty_ones_and_fail_the_same_checks()
    {
        var decoded = FarmCommandCodec.Decode(FarmCommandCodec.Encode(new CreatePrinter(null!, null!, "MK4")));
        Assert.Equal(new CreatePrinter("", "", "MK4"), decoded);
        Assert.Equal(new PrintFarmState().Apply(new CreatePrinter(null!, null!, "MK4")), new PrintFarmState().Apply(decoded));
    }

    [Theory]
    [InlineData(new byte[] { }, "empty")]
    [InlineData(new byte[] { 99 }, "unknown print farm")]
    [InlineData(new byte[] { 0x21 }, "unknown print farm")]
    [InlineData(new byte[] { 1, 200 }, "corrupt")]
    [InlineData(new byte[] { 4, 2, 65, 65, 1, 66, 7 }, "unexpected bytes")]
    public void Garbage_is_refused_with_a_clear_error(byte[] garbage, string message)
    {
        Assert.Contains(message, Assert.Throws<InvalidDataException>(() => FarmCommandCodec.Decode(garbage)).Message);
        Assert.Contains(message, Assert.Throws<InvalidDataException>(() => FarmResultCodec.Decode(garbage)).Message);
    }

    [Theory]
    [InlineData("06FFFFFFFF07", "cannot fit")]                 // 2^31-1 field errors
    [InlineData("0600", "without field errors")]
    [InlineData("0609", "cannot fit")]
    [InlineData("0109", "not a kind of farm object")]
    [InlineData("05016102", "not a flag")]                     // Unprocessable with an optional flag of 2
    [InlineData("0102" + "026631" + "09" + "00" + "00" + "00" + "00" + "00", "not a FilamentType")]
    [InlineData("0103" + "026A31" + "00" + "00" + "00" + "01" + "04", "not a JobStatus")]
    public void Malformed_results_are_refused_before_allocating_anything(string hex, string message) =>
        Assert.Contains(message, Assert.Throws<InvalidDataException>(() => FarmResultCodec.Decode(Convert.FromHexString(hex))).Message);

    [Theory]
    [InlineData("1202663103706C61037265648080808010" + "00", "corrupt")]   // a varint longer than 5 bytes
    [InlineData("13026A3100000000" + "02", "not a flag")]
    [InlineData("0302", "corrupt")]
    public void Malformed_commands_are_refused(string hex, string message) =>
        Assert.Contains(message, Assert.Throws<InvalidDataException>(() => FarmCommandCodec.Decode(Convert.FromHexString(hex))).Message);

    [Fact]
    public void Random_bytes_decode_or_throw_InvalidDataException_and_nothing_else() =>
        Gen.Byte.Array[0, 40].Sample(bytes =>
        {
            try { FarmCommandCodec.Decode(bytes); } catch (InvalidDataException) { }
            try { FarmResultCodec.Decode(bytes); } catch (InvalidDataException) { }
            try { PrintFarmState.FromSnapshot([.. "R3DF"u8, 2, .. bytes]); } catch (InvalidDataException) { }
        }, iter: 20_000);

    [Fact]
    public void Random_commands_round_trip() =>
        FarmGens.AnyCommand.Sample(command => Assert.Equal(command, FarmCommandCodec.Decode(FarmCommandCodec.Encode(command))), iter: 5_000);
}
