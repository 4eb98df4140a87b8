using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm.Tests;

/// <summary>
/// A job holds the very id string its printer and filament hold, not a copy of its own: at a
/// million jobs the copies cost about 90 MiB. Every command here spells its ids in fresh
/// strings, as a node decoding them from the log has them, so only sharing passes.
/// </summary>
public sealed class IdSharingTests
{
    private static string Fresh(string text) => new(text.AsSpan());

    private static PrintFarmState Farm()
    {
        var farm = new PrintFarmState();
        foreach (var p in new[] { "p1", "p2" }) Assert.True(farm.Apply(new CreatePrinter(Fresh(p), "Prusa", "MK4")).IsSuccess);
        foreach (var f in new[] { "f1", "f2" }) Assert.True(farm.Apply(new CreateFilament(Fresh(f), "PLA", "red", 1000, null)).IsSuccess);
        foreach (var (job, printer, filament) in new[] { ("j1", "p1", "f1"), ("j2", "p2", "f2"), ("j3", "p2", "f2"), ("j4", "p1", "f2") })
            Assert.True(farm.Apply(new CreatePrintJob(Fresh(job), Fresh(printer), Fresh(filament), Fresh("a.gcode"), 10, null)).IsSuccess);
        return farm;
    }

    private static void AssertShared(FarmView view)
    {
        Assert.NotEmpty(view.ListJobs());
        foreach (var job in view.ListJobs())
        {
            if (view.GetPrinter(job.PrinterId) is { } printer) Assert.Same(printer.Id, job.PrinterId);
            if (view.GetFilament(job.FilamentId) is { } filament) Assert.Same(filament.Id, job.FilamentId);
        }
    }

    [Fact]
    public void A_created_job_holds_its_printers_and_filaments_id() => AssertShared(Farm().View);

    [Fact]
    public void A_status_change_and_a_restamp_keep_the_shared_ids()
    {
        var farm = Farm();
        Assert.True(farm.Apply(new ChangeJobStatus("j1", "running")).IsSuccess);
        Assert.True(farm.Apply(new ChangeJobStatus("j1", "done")).IsSuccess);
        Assert.True(farm.Apply(new UpdatePrinter("p1", "Bambu", null, null)).IsSuccess);
        AssertShared(farm.View);
        farm.Restamp(100);
        AssertShared(farm.View);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_restored_job_holds_its_printers_and_filaments_id(bool previousRelease) =>
        AssertShared(PrintFarmState.FromSnapshot(Farm().View.ToSnapshot(previousRelease)).View);

    [Fact]
    public void Past_jobs_of_a_deleted_printer_share_one_id_when_restored()
    {
        var farm = Farm();
        foreach (var job in new[] { "j2", "j3" }) Assert.True(farm.Apply(new ChangeJobStatus(job, "canceled")).IsSuccess);
        Assert.True(farm.Apply(new DeletePrinter("p2", null)).IsSuccess);
        var restored = PrintFarmState.FromSnapshot(farm.ToSnapshot()).View;
        AssertShared(restored);
        Assert.Null(restored.GetPrinter("p2"));
        Assert.Same(restored.GetJob("j2")!.PrinterId, restored.GetJob("j3")!.PrinterId);
    }

    [Fact]
    public void A_version_1_snapshot_which_spells_every_id_out_restores_shared_ids()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write("R3DF"u8);
            w.Write((byte)1);
            w.Write7BitEncodedInt(1); w.Write("p1"); w.Write("Prusa"); w.Write("MK4");
            w.Write7BitEncodedInt(1); w.Write("f1"); w.Write((byte)FilamentType.PLA); w.Write("red"); w.Write7BitEncodedInt(1000); w.Write7BitEncodedInt(900);
            w.Write7BitEncodedInt(4);
            // j3 and j4 name a printer and a filament that were deleted: they are Done, so they may.
            foreach (var (id, printer, filament, status) in new[] { ("j1", "p1", "f1", JobStatus.Queued), ("j2", "p1", "f1", JobStatus.Done), ("j3", "gone", "gone", JobStatus.Done), ("j4", "gone", "gone", JobStatus.Done) })
            {
                w.Write(id); w.Write(printer); w.Write(filament); w.Write("a.gcode"); w.Write7BitEncodedInt(10); w.Write((byte)status);
            }
        }
        var restored = PrintFarmState.FromSnapshot(stream.ToArray()).View;
        AssertShared(restored);
        Assert.Same(restored.GetJob("j3")!.PrinterId, restored.GetJob("j4")!.PrinterId);
        Assert.Same(restored.GetJob("j3")!.FilamentId, restored.GetJob("j4")!.FilamentId);
    }

    [Theory]
    [InlineData("applied")]
    [InlineData("restored")]
    [InlineData("restored for the previous release")]
    public void Jobs_that_print_the_same_file_share_its_path(string how)
    {
        var farm = Farm();
        var view = how switch
        {
            "applied" => farm.View,
            "restored" => PrintFarmState.FromSnapshot(farm.View.ToSnapshot()).View,
            _ => PrintFarmState.FromSnapshot(farm.View.ToSnapshot(previousRelease: true)).View,
        };
        var paths = view.ListJobs().Select(j => j.Filepath).ToList();
        Assert.Equal(4, paths.Count);
        Assert.All(paths, path => Assert.Same(paths[0], path));
    }
}
