using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using static Raft3D.PrintFarm.Tests.FarmBuilder;

namespace Raft3D.PrintFarm.Tests;

public sealed class ReadTests
{
    [Fact]
    public void Lists_keep_creation_order()
    {
        var farm = new PrintFarmState();
        foreach (var id in new[] { "zeta", "alpha", "m", "0" }) farm.Apply(new CreatePrinter(id, "Prusa", "MK4"));
        Assert.Equal(["zeta", "alpha", "m", "0"], farm.ListPrinters().Select(p => p.Id));
    }

    [Fact]
    public void Jobs_filter_by_status_printer_and_filament()
    {
        var farm = WithPrinterAndFilament();
        farm.Apply(new CreatePrinter("p2", "Bambu", "X1"));
        farm.Apply(new CreateFilament("f2", "PETG", "blue", 500, null));
        farm.Apply(new CreatePrintJob("a", "p1", "f1", "a.gcode", 10, null));
        farm.Apply(new CreatePrintJob("b", "p2", "f1", "b.gcode", 10, null));
        farm.Apply(new CreatePrintJob("c", "p1", "f2", "c.gcode", 10, null));
        farm.Apply(new ChangeJobStatus("b", "running"));

        Assert.Equal(["a", "b", "c"], farm.ListJobs().Select(j => j.Id));
        Assert.Equal(["b"], farm.ListJobs(status: JobStatus.Running).Select(j => j.Id));
        Assert.Equal(["a", "c"], farm.ListJobs(printerId: "p1").Select(j => j.Id));
        Assert.Equal(["a", "b"], farm.ListJobs(filamentId: "f1").Select(j => j.Id));
        Assert.Equal(["a"], farm.ListJobs(JobStatus.Queued, "p1", "f1").Select(j => j.Id));
        Assert.Empty(farm.ListJobs(JobStatus.Done));
    }

    [Fact]
    public void Get_returns_null_for_unknown_ids()
    {
        var farm = WithPrinterAndFilament();
        Assert.NotNull(farm.GetPrinter("p1"));
        Assert.Null(farm.GetPrinter("f1"));
        Assert.Null(farm.GetFilament("p1"));
        Assert.Null(farm.GetJob("p1"));
    }
}
