using System.Text.Json;
using Raft3D.PrintFarm;
using Raft3D.PrintFarm.Commands;
using Raft3D.Server.Events;

namespace Raft3D.Server.Tests.Events;

public sealed class FarmEventMapperTests
{
    /// <summary>Applies the commands in order to one farm; the last one's event is mapped.</summary>
    private static FarmEvent? Last(params FarmCommand[] commands)
    {
        var farm = new PrintFarmState();
        FarmEvent? last = null;
        for (var i = 0; i < commands.Length; i++) last = FarmEventMapper.Map(i + 1, commands[i], farm.Apply(commands[i]));
        return last;
    }

    private static readonly FarmCommand Printer = new CreatePrinter("p1", "Prusa", "MK4");
    private static readonly FarmCommand Spool = new CreateFilament("f1", "pla", "red", 1000, null);
    private static readonly FarmCommand Job = new CreatePrintJob("j1", "p1", "f1", "a.gcode", 100, null);

    public static TheoryData<FarmCommand[], string?, string?, string?, string?> Cases => new()
    {
        { [Printer], "printer.created", """{"id":"p1","company":"Prusa","model":"MK4","version":1}""", "p1", null },
        { [Spool], "filament.created", """{"id":"f1","type":"PLA","color":"red","total_weight_in_grams":1000,"remaining_weight_in_grams":1000,"reserved_weight_in_grams":0,"available_weight_in_grams":1000,"version":1}""", null, "f1" },
        { [Printer, Spool, Job], "print_job.created", """{"id":"j1","printer_id":"p1","filament_id":"f1","filepath":"a.gcode","print_weight_in_grams":100,"status":"Queued","version":3}""", "p1", "f1" },
        { [Printer, Spool, Job, new ChangeJobStatus("j1", "running")], "print_job.status_changed", """{"id":"j1","printer_id":"p1","filament_id":"f1","filepath":"a.gcode","print_weight_in_grams":100,"status":"Running","version":4}""", "p1", "f1" },
        { [Printer, new UpdatePrinter("p1", null, "MK4S", null)], "printer.updated", """{"id":"p1","company":"Prusa","model":"MK4S","version":2}""", "p1", null },
        { [Spool, new UpdateFilament("f1", "blue", 900, null)], "filament.updated", """{"id":"f1","type":"PLA","color":"blue","total_weight_in_grams":1000,"remaining_weight_in_grams":900,"reserved_weight_in_grams":0,"available_weight_in_grams":900,"version":2}""", null, "f1" },
        // A deletion shows the object as it was.
        { [Printer, new DeletePrinter("p1", null)], "printer.deleted", """{"id":"p1","company":"Prusa","model":"MK4","version":1}""", "p1", null },
        { [Spool, new DeleteFilament("f1", null)], "filament.deleted", """{"id":"f1","type":"PLA","color":"red","total_weight_in_grams":1000,"remaining_weight_in_grams":1000,"reserved_weight_in_grams":0,"available_weight_in_grams":1000,"version":1}""", null, "f1" },
        // Refusals change nothing and produce no event.
        { [Printer, Printer], null, null, null, null },
        { [Job], null, null, null, null },
        { [Printer, Spool, Job, new ChangeJobStatus("j1", "done")], null, null, null, null },
        { [Printer, Spool, new CreatePrintJob("j1", "p1", "f1", "a.gcode", 5000, null)], null, null, null, null },
        { [Printer, Spool, Job, new DeletePrinter("p1", null)], null, null, null, null },
        { [Printer, new UpdatePrinter("p1", null, "MK4S", 7)], null, null, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Maps_a_change_to_its_type_and_object_as_a_get_shows_it(FarmCommand[] commands, string? type, string? json, string? printerId, string? filamentId)
    {
        var change = Last(commands);
        if (type is null)
        {
            Assert.Null(change);
            return;
        }
        Assert.NotNull(change);
        Assert.Equal(commands.Length, change.Index);
        Assert.Equal(type, change.Type);
        Assert.Equal(printerId, change.PrinterId);
        Assert.Equal(filamentId, change.FilamentId);
        var data = JsonDocument.Parse(FarmEvent.Data(change.Index, change.Type, change.View)).RootElement;
        Assert.Equal(commands.Length, data.GetProperty("index").GetInt64());
        Assert.Equal(type, data.GetProperty("type").GetString());
        Assert.Equal(json, data.GetProperty("object").GetRawText());
    }

    [Fact]
    public void The_frame_is_one_server_sent_event()
    {
        var change = Last(Printer)!;
        Assert.Equal("id: 1\nevent: printer.created\ndata: {\"index\":1,\"type\":\"printer.created\",\"object\":{\"id\":\"p1\",\"company\":\"Prusa\",\"model\":\"MK4\",\"version\":1}}\n\n",
            System.Text.Encoding.UTF8.GetString(change.Frame));
    }

    [Fact]
    public void Data_with_a_line_break_is_refused_rather_than_split() =>
        Assert.Throws<ArgumentException>(() => SseFrame.Event(1, "printer.created", "{\n}"));
}
