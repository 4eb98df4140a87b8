using CsCheck;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Lists;
using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm.Tests;

/// <summary>
/// <see cref="FarmView"/>: the farm frozen at one index, which reads and snapshots use off the
/// apply thread while the farm moves on. A failure prints its CsCheck seed; replay with
/// <c>CsCheck_Seed=SEED dotnet test tests/Raft3D.PrintFarm.Tests --filter FullyQualifiedName~ViewTests</c>.
/// </summary>
public sealed class ViewTests
{
    [Fact]
    public void A_view_keeps_the_farm_of_its_moment_whatever_the_farm_does_next()
    {
        FarmGens.FarmCommand.Array[40, 300].Sample(commands =>
        {
            var farm = new PrintFarmState();
            var views = new List<(FarmView View, byte[] Bytes, IReadOnlyList<PrintJob> Running, Page<Printer>? Printers)>();
            for (var step = 0; step < commands.Length; step++)
            {
                farm.Apply(commands[step], step + 1);
                if (step % 7 != 0) continue;
                var view = farm.View;
                Assert.Equal(step + 1, view.Index);
                views.Add((view, view.ToSnapshot(), view.ListJobs(JobStatus.Running), view.ListPrinters(new PageRequest(3))));
            }

            foreach (var (view, bytes, running, printers) in views)
            {
                Assert.Equal(bytes, view.ToSnapshot());
                Assert.Equal(running, view.ListJobs(JobStatus.Running));
                Assert.Equal(printers?.Items, view.ListPrinters(new PageRequest(3))?.Items);
            }
            Assert.Equal(farm.ToSnapshot(), farm.View.ToSnapshot());
        }, iter: 200);
    }

    [Fact]
    public void A_view_survives_deletes_that_squeeze_the_table_under_it()
    {
        var farm = new PrintFarmState();
        for (var i = 0; i < 100; i++) farm.Apply(new CreatePrinter($"p{i}", "Prusa", "MK4"));
        var full = farm.View;
        // Deleting 60 of 100 leaves more holes than printers: the table is rebuilt without them.
        for (var i = 0; i < 60; i++) farm.Apply(new DeletePrinter($"p{i}", null));

        Assert.Equal(100, full.PrinterCount);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"p{i}"), full.ListPrinters().Select(p => p.Id));
        Assert.Equal(["p98", "p99"], full.ListPrinters(new PageRequest(10, "p97"))!.Items.Select(p => p.Id));
        Assert.Equal(40, farm.View.PrinterCount);
        Assert.Equal(["p60", "p61"], farm.View.ListPrinters(new PageRequest(2))!.Items.Select(p => p.Id));
    }

    [Fact]
    public void A_view_finds_an_id_as_it_was_then_across_removals_and_creations_again()
    {
        // Ids' positions are shared by every view, which reads them up to its own end: a view
        // must find the version it holds whatever came after, and never a later creation.
        var farm = new PrintFarmState();
        farm.Apply(new CreatePrinter("p1", "Prusa", "MK4"));
        farm.Apply(new CreatePrinter("p2", "Prusa", "XL"));
        var first = farm.View;
        farm.Apply(new DeletePrinter("p1", null));
        var removed = farm.View;
        farm.Apply(new CreatePrinter("p1", "Bambu", "X1"));
        var again = farm.View;
        farm.Apply(new DeletePrinter("p1", null));
        farm.Apply(new CreatePrinter("p1", "Creality", "K1"));
        var third = farm.View;

        Assert.Equal("Prusa", first.GetPrinter("p1")?.Company);
        Assert.Null(removed.GetPrinter("p1"));
        Assert.Equal("Bambu", again.GetPrinter("p1")?.Company);
        Assert.Equal("Creality", third.GetPrinter("p1")?.Company);
        Assert.Equal(["p2", "p1"], third.ListPrinters().Select(p => p.Id)); // created again: last in creation order
        Assert.Equal(["p2"], first.ListPrinters(new PageRequest(5, "p1"))!.Items.Select(p => p.Id));
        Assert.Equal(["p1"], again.ListPrinters(new PageRequest(5, "p2"))!.Items.Select(p => p.Id));
        Assert.Empty(again.ListPrinters(new PageRequest(5, "p1"))!.Items);
        Assert.Null(removed.ListPrinters(new PageRequest(5, "p1"))); // after= names no printer of that view

        // A squeeze starts the positions again: the views before it keep theirs.
        for (var i = 0; i < 100; i++) farm.Apply(new CreatePrinter($"q{i}", "Prusa", "MK4"));
        for (var i = 0; i < 90; i++) farm.Apply(new DeletePrinter($"q{i}", null));
        farm.Apply(new DeletePrinter("p1", null));
        farm.Apply(new CreatePrinter("p1", "Anycubic", "Kobra"));
        Assert.Equal("Creality", third.GetPrinter("p1")?.Company);
        Assert.Equal("Anycubic", farm.View.GetPrinter("p1")?.Company);
        Assert.Null(third.GetPrinter("q5"));
        Assert.Equal(["p2", "q90"], farm.View.ListPrinters(new PageRequest(2))!.Items.Select(p => p.Id));
    }

    [Fact]
    public void A_view_filtered_by_printer_or_filament_ignores_jobs_added_after_it()
    {
        var farm = new PrintFarmState();
        farm.Apply(new CreatePrinter("p", "Prusa", "MK4"));
        farm.Apply(new CreateFilament("f", "PLA", "red", 1000, null));
        for (var i = 0; i < 3; i++) farm.Apply(new CreatePrintJob($"j{i}", "p", "f", "a.gcode", 1, null));
        var view = farm.View;

        for (var i = 3; i < 40; i++) farm.Apply(new CreatePrintJob($"j{i}", "p", "f", "a.gcode", 1, null));

        var byPrinter = view.ListJobs(new PageRequest(10), printerId: "p")!;
        Assert.Equal(["j0", "j1", "j2"], byPrinter.Items.Select(j => j.Id));
        Assert.Equal((3, false), (byPrinter.Total, byPrinter.HasMore));
        Assert.Equal(["j2"], view.ListJobs(new PageRequest(10, "j1"), filamentId: "f")!.Items.Select(j => j.Id));
        Assert.Equal(40, farm.View.ListJobs(new PageRequest(100), printerId: "p")!.Total);
        // Jobs are found by id through a table shared with the farm: one added later is not in the view.
        Assert.Null(view.GetJob("j5"));
        Assert.Null(view.ListJobs(new PageRequest(10, "j5")));
        Assert.Equal(3, view.JobCount);
        Assert.NotNull(farm.View.GetJob("j5"));
    }

    [Fact]
    public void The_view_is_taken_once_per_command_and_counts_jobs_by_status()
    {
        var farm = new PrintFarmState();
        farm.Apply(new CreatePrinter("p", "Prusa", "MK4"));
        farm.Apply(new CreateFilament("f", "PLA", "red", 1000, null));
        farm.Apply(new CreatePrintJob("j1", "p", "f", "a.gcode", 10, null));
        farm.Apply(new CreatePrintJob("j2", "p", "f", "a.gcode", 10, null));
        var view = farm.View;
        Assert.Same(view, farm.View);

        farm.Apply(new ChangeJobStatus("j2", "running"));

        Assert.NotSame(view, farm.View);
        Assert.Equal(2, view.JobsWith(JobStatus.Queued));
        Assert.Equal(1, farm.View.JobsWith(JobStatus.Queued));
        Assert.Equal(1, farm.View.JobsWith(JobStatus.Running));
        Assert.Equal(0, farm.View.JobsWith(JobStatus.Done));
    }
}
