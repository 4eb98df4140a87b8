using Raft3D.Server.Api;
using Raft3D.Server.Api.Models;
using Raft3D.Server.Events;

namespace Raft3D.Server.Tests.Events;

public sealed class EventFilterTests
{
    private static readonly FarmEvent Printer = new(1, "printer.created", new PrinterView("p1", "Prusa", "MK4", 1), "p1", null);
    private static readonly FarmEvent Filament = new(2, "filament.created", new FilamentView("f1", "PLA", "red", 1000, 1000, 0, 1000, 2), null, "f1");
    private static readonly FarmEvent Job = new(3, "print_job.status_changed", new PrintJobView("j1", "p1", "f1", "a.gcode", 10, "Running", 3), "p1", "f1");
    private static readonly FarmEvent OtherJob = new(4, "print_job.created", new PrintJobView("j2", "p2", "f2", "b.gcode", 10, "Queued", 4), "p2", "f2");

    // types, printer_id, filament_id -> which of Printer, Filament, Job, OtherJob match
    [Theory]
    [InlineData(null, null, null, "PFJO")]
    [InlineData("print_job", null, null, "JO")]
    [InlineData("print_job,filament", null, null, "FJO")]
    [InlineData(" Print_Job , FILAMENT ", null, null, "FJO")]
    [InlineData("print_job.created", null, null, "O")]
    [InlineData("printer,print_job.status_changed", null, null, "PJ")]
    [InlineData(null, "p1", null, "PJ")]
    [InlineData(null, null, "f1", "FJ")]
    [InlineData(null, "p1", "f1", "J")]
    [InlineData("printer", "p1", null, "P")]
    [InlineData(null, "p9", null, "")]
    [InlineData("", "", "", "PFJO")]
    public void Matches_every_given_filter(string? types, string? printerId, string? filamentId, string expected)
    {
        var filter = EventFilter.Parse(types, printerId, filamentId);
        var matched = string.Concat(new[] { ('P', Printer), ('F', Filament), ('J', Job), ('O', OtherJob) }
            .Where(c => filter.Matches(c.Item2)).Select(c => c.Item1));
        Assert.Equal(expected, matched);
    }

    [Theory]
    [InlineData("printers")]
    [InlineData("print_job.deleted")]
    [InlineData("job")]
    public void An_unknown_type_is_a_bad_request_naming_types(string types)
    {
        var e = Assert.Throws<ApiException>(() => EventFilter.Parse(types, null, null));
        Assert.Equal(400, e.Status);
        Assert.Equal("types", e.Field);
        Assert.Contains(types, e.Message);
    }
}
