using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;

namespace Raft3D.PrintFarm.Tests;

/// <summary>Versions (the log index of an object's last change) and If-Match, checked at apply.</summary>
public sealed class VersionTests
{
    /// <summary>p1 at 10, f1 at 11, j1 (100 g) at 12.</summary>
    private static PrintFarmState Farm()
    {
        var farm = new PrintFarmState();
        Assert.True(farm.Apply(new CreatePrinter("p1", "Prusa", "MK4"), 10).IsSuccess);
        Assert.True(farm.Apply(new CreateFilament("f1", "pla", "red", 1000, null), 11).IsSuccess);
        Assert.True(farm.Apply(new CreatePrintJob("j1", "p1", "f1", "a.gcode", 100, null), 12).IsSuccess);
        return farm;
    }

    [Fact]
    public void Creation_stamps_the_log_index()
    {
        var farm = Farm();
        Assert.Equal((10L, 11L, 12L), (farm.GetPrinter("p1")!.Version, farm.GetFilament("f1")!.Version, farm.GetJob("j1")!.Version));
    }

    public static TheoryData<string, FarmCommand, long, long, long> Changes() => new()
    {
        // what, command applied at 20, then the versions of p1, f1, j1
        { "printer patch", new UpdatePrinter("p1", "Bambu", null, null), 20, 11, 12 },
        { "filament patch", new UpdateFilament("f1", "blue", null, null), 10, 20, 12 },
        { "job running: reserved weight is derived, the filament stays", new ChangeJobStatus("j1", "running"), 10, 11, 20 },
        { "job canceled", new ChangeJobStatus("j1", "canceled"), 10, 11, 20 },
        { "another job: reserves, moves nothing else", new CreatePrintJob("j2", "p1", "f1", "a.gcode", 1, null), 10, 11, 12 },
        { "a refused change moves nothing", new UpdateFilament("f1", null, 99, null), 10, 11, 12 },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_change_stamps_what_it_changed(string what, FarmCommand command, long printer, long filament, long job)
    {
        var farm = Farm();
        farm.Apply(command, 20);
        Assert.True((printer, filament, job) == (farm.GetPrinter("p1")!.Version, farm.GetFilament("f1")!.Version, farm.GetJob("j1")!.Version), what);
    }

    [Fact]
    public void Done_changes_the_filament_too()
    {
        var farm = Farm();
        farm.Apply(new ChangeJobStatus("j1", "running"), 20);
        farm.Apply(new ChangeJobStatus("j1", "done"), 25);
        Assert.Equal((25L, 25L), (farm.GetFilament("f1")!.Version, farm.GetJob("j1")!.Version));
        Assert.Equal(900, farm.GetFilament("f1")!.RemainingWeightInGrams);
    }

    public static TheoryData<string, FarmCommand> Conditional() => new()
    {
        // Each names a version the object is not at; with the right one it succeeds (below).
        { "printer patch", new UpdatePrinter("p1", "Bambu", null, 9) },
        { "filament patch", new UpdateFilament("f1", "blue", null, 10) },
        { "status change", new ChangeJobStatus("j1", "running", 11) },
        { "printer delete", new DeletePrinter("p1", 11) },
        { "filament delete", new DeleteFilament("f1", 12) },
    };

    [Theory]
    [MemberData(nameof(Conditional))]
    public void If_Match_with_an_old_version_is_412_and_changes_nothing_and_with_the_current_one_applies(string what, FarmCommand stale)
    {
        var farm = Farm();
        farm.Apply(new ChangeJobStatus("j1", "canceled"), 13); // j1 now at 13, and p1, f1 have no queued or running job
        var before = farm.ToSnapshot();

        var refused = farm.Apply(stale, 20);

        Assert.Contains("not ", Assert.IsType<FarmResult.PreconditionFailed>(refused).Detail);
        Assert.Equal(before, farm.ToSnapshot());
        FarmCommand current = stale switch
        {
            UpdatePrinter c => c with { ExpectedVersion = 10 },
            UpdateFilament c => c with { ExpectedVersion = 11 },
            ChangeJobStatus c => c with { Status = "running", ExpectedVersion = 13 },
            DeletePrinter c => c with { ExpectedVersion = 10 },
            DeleteFilament c => c with { ExpectedVersion = 11 },
            _ => throw new InvalidOperationException(what),
        };
        var applied = farm.Apply(current, 21);
        if (current is ChangeJobStatus) Assert.IsType<FarmResult.Conflict>(applied); // Canceled is final: the version matched, the transition did not
        else Assert.True(applied.IsSuccess, $"{what}: {applied}");
    }

    [Fact]
    public void Two_changes_from_the_same_version_cannot_both_apply()
    {
        var farm = Farm();
        var first = farm.Apply(new UpdatePrinter("p1", "Bambu", null, 10), 20);
        var second = farm.Apply(new UpdatePrinter("p1", "Creality", null, 10), 21);

        Assert.IsType<FarmResult.Updated>(first);
        Assert.Contains("at version 20, not 10", Assert.IsType<FarmResult.PreconditionFailed>(second).Detail);
        Assert.Equal("Bambu", farm.GetPrinter("p1")!.Company);
    }

    [Fact]
    public void Without_an_index_the_farm_counts_on_from_the_last_one()
    {
        var farm = Farm();
        Assert.Equal(13, ((Printer)((FarmResult.Created)farm.Apply(new CreatePrinter("p2", "a", "b"))).Value).Version);
    }

    [Fact]
    public void Restamp_gives_every_object_the_index_and_moves_nothing_else()
    {
        var farm = Farm();
        Assert.True(farm.Apply(new CreatePrinter("p2", "Bambu", "X1"), 13).IsSuccess);
        Assert.True(farm.Apply(new CreatePrinter("p3", "Bambu", "A1"), 14).IsSuccess);
        Assert.IsType<FarmResult.Deleted>(farm.Apply(new DeletePrinter("p2", null), 15));
        var before = farm.View;

        farm.Restamp(30);

        Assert.Equal(before.ListPrinters().Select(p => p with { Version = 30 }), farm.ListPrinters());
        Assert.Equal(before.ListFilaments().Select(f => f with { Version = 30 }), farm.ListFilaments());
        Assert.Equal(before.ListJobs().Select(j => j with { Version = 30 }), farm.ListJobs());
        Assert.Equal(["j1"], farm.ListJobs(printerId: "p1").Select(j => j.Id));
        Assert.Equal(["p3"], farm.ListPrinters(new Lists.PageRequest(After: "p1", Limit: 10))!.Items.Select(p => p.Id));
        Assert.Equal(12, before.GetJob("j1")!.Version); // a view taken before keeps its versions
        Assert.IsType<FarmResult.Updated>(farm.Apply(new UpdatePrinter("p1", "Bambu", null, 30), 31));
    }
}
