using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;
using static Raft3D.PrintFarm.Tests.FarmBuilder;

namespace Raft3D.PrintFarm.Tests;

/// <summary>PATCH and DELETE of printers and filaments (SPEC §3), at apply.</summary>
public sealed class ChangeRulesTests
{
    /// <summary>p1, f1 (1000 g PLA) with j1 200 g Queued, j2 100 g Running, j3 50 g Done, j4 30 g Canceled: 950 g remaining, 300 g reserved.</summary>
    private static PrintFarmState BusyFarm()
    {
        var farm = WithPrinterAndFilament();
        foreach (var (id, grams) in new[] { ("j1", 200), ("j2", 100), ("j3", 50), ("j4", 30) }) Assert.True(farm.Apply(Job(id, grams)).IsSuccess);
        foreach (var (id, status) in new[] { ("j2", "running"), ("j3", "running"), ("j3", "done"), ("j4", "canceled") })
            Assert.True(farm.Apply(new ChangeJobStatus(id, status)).IsSuccess);
        return farm;
    }

    public static TheoryData<string, FarmCommand, Type, string?> Cases() => new()
    {
        // what, command, result, field (Invalid) or text the detail contains
        { "printer company", new UpdatePrinter("p1", " Bambu ", null, null), typeof(FarmResult.Updated), null },
        { "printer model", new UpdatePrinter("p1", null, "X1", null), typeof(FarmResult.Updated), null },
        { "printer both", new UpdatePrinter("p1", "Bambu", "X1", null), typeof(FarmResult.Updated), null },
        { "printer nothing", new UpdatePrinter("p1", null, null, null), typeof(FarmResult.Invalid), "company" },
        { "printer blank company", new UpdatePrinter("p1", " ", null, null), typeof(FarmResult.Invalid), "company" },
        { "printer control model", new UpdatePrinter("p1", null, "X\u00011", null), typeof(FarmResult.Invalid), "model" },
        { "printer unknown", new UpdatePrinter("p9", "Bambu", null, null), typeof(FarmResult.NotFound), "p9" },
        { "filament colour", new UpdateFilament("f1", "blue", null, null), typeof(FarmResult.Updated), null },
        { "filament re-weighed", new UpdateFilament("f1", null, 400, null), typeof(FarmResult.Updated), null },
        { "filament down to reserved", new UpdateFilament("f1", null, 300, null), typeof(FarmResult.Updated), null },
        { "filament below reserved", new UpdateFilament("f1", null, 299, null), typeof(FarmResult.Conflict), "300 g reserved" },
        { "filament above total", new UpdateFilament("f1", null, 1001, null), typeof(FarmResult.Invalid), "remaining_weight_in_grams" },
        { "filament up to total", new UpdateFilament("f1", null, 1000, null), typeof(FarmResult.Updated), null },
        { "filament negative", new UpdateFilament("f1", null, -1, null), typeof(FarmResult.Invalid), "remaining_weight_in_grams" },
        { "filament nothing", new UpdateFilament("f1", null, null, null), typeof(FarmResult.Invalid), "color" },
        { "filament blank colour", new UpdateFilament("f1", "", null, null), typeof(FarmResult.Invalid), "color" },
        { "filament unknown", new UpdateFilament("f9", "blue", null, null), typeof(FarmResult.NotFound), "f9" },
        { "delete busy printer", new DeletePrinter("p1", null), typeof(FarmResult.Conflict), "2 queued or running" },
        { "delete busy filament", new DeleteFilament("f1", null), typeof(FarmResult.Conflict), "2 queued or running" },
        { "delete unknown printer", new DeletePrinter("p9", null), typeof(FarmResult.NotFound), "p9" },
        { "delete unknown filament", new DeleteFilament("f9", null), typeof(FarmResult.NotFound), "f9" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Changes_follow_the_rules(string what, FarmCommand command, Type expected, string? fieldOrDetail)
    {
        var farm = BusyFarm();
        var before = farm.ToSnapshot();

        var result = farm.Apply(command);

        Assert.True(expected == result.GetType(), $"{what}: {result}");
        if (result is FarmResult.Invalid invalid) Assert.Equal(fieldOrDetail, Assert.Single(invalid.Errors).Field);
        else if (fieldOrDetail is not null) Assert.Contains(fieldOrDetail, result.Detail);
        if (!result.IsSuccess) Assert.Equal(before, farm.ToSnapshot());
    }

    [Fact]
    public void A_patch_changes_only_the_fields_given_and_trims_them()
    {
        var farm = BusyFarm();
        var printer = (Printer)Assert.IsType<FarmResult.Updated>(farm.Apply(new UpdatePrinter("p1", " Bambu ", null, null), 50)).Value;
        Assert.Equal(new Printer("p1", "Bambu", "MK4") { Version = 50 }, printer);
        Assert.Equal(printer, farm.GetPrinter("p1"));

        var filament = (Filament)Assert.IsType<FarmResult.Updated>(farm.Apply(new UpdateFilament("f1", null, 400, null), 51)).Value;
        Assert.Equal(new Filament("f1", FilamentType.PLA, "red", 1000, 400, 300) { Version = 51 }, filament);
        Assert.Equal(100, filament.AvailableWeightInGrams);
    }

    [Fact]
    public void A_re_weighed_spool_is_what_later_jobs_count_on()
    {
        var farm = BusyFarm();
        Assert.True(farm.Apply(new UpdateFilament("f1", null, 350, null)).IsSuccess);
        Assert.Contains("50 g available", Assert.IsType<FarmResult.Conflict>(farm.Apply(Job("j5", 51))).Detail);
        Assert.IsType<FarmResult.Created>(farm.Apply(Job("j5", 50)));
    }

    [Fact]
    public void A_printer_or_filament_without_queued_or_running_jobs_is_deleted_and_past_jobs_keep_its_id()
    {
        var farm = BusyFarm();
        Assert.True(farm.Apply(new ChangeJobStatus("j1", "canceled")).IsSuccess);
        Assert.Contains("1 queued or running", farm.Apply(new DeletePrinter("p1", null)).Detail);
        Assert.True(farm.Apply(new ChangeJobStatus("j2", "done")).IsSuccess);

        var printer = farm.GetPrinter("p1");
        Assert.Equal(printer, Assert.IsType<FarmResult.Deleted>(farm.Apply(new DeletePrinter("p1", null))).Value);
        Assert.IsType<FarmResult.Deleted>(farm.Apply(new DeleteFilament("f1", null)));

        Assert.Null(farm.GetPrinter("p1"));
        Assert.Null(farm.GetFilament("f1"));
        Assert.Equal(0, farm.PrinterCount);
        Assert.Equal(["j1", "j2", "j3", "j4"], farm.ListJobs(printerId: "p1").Select(j => j.Id));
        Assert.Equal("f1", farm.GetJob("j2")!.FilamentId);
        Assert.Contains("does not exist", Assert.IsType<FarmResult.Unprocessable>(farm.Apply(Job("j5", 1))).Detail);
        Assert.IsType<FarmResult.NotFound>(farm.Apply(new DeletePrinter("p1", null)));
        // The id is free again; the new printer is a new object.
        Assert.IsType<FarmResult.Created>(farm.Apply(new CreatePrinter("p1", "Bambu", "X1")));
    }

    [Fact]
    public void Deleting_many_keeps_the_creation_order_of_the_rest()
    {
        var farm = new PrintFarmState();
        for (var i = 0; i < 300; i++) farm.Apply(new CreatePrinter($"p{i}", "Prusa", "MK4"));
        for (var i = 0; i < 300; i++)
        {
            if (i % 5 != 0) Assert.IsType<FarmResult.Deleted>(farm.Apply(new DeletePrinter($"p{i}", null)));
        }

        var expected = Enumerable.Range(0, 300).Where(i => i % 5 == 0).Select(i => $"p{i}").ToList();
        Assert.Equal(expected, farm.ListPrinters().Select(p => p.Id));
        Assert.Equal(expected.Skip(11).Take(3), farm.ListPrinters(new Lists.PageRequest(3, "p50"))!.Items.Select(p => p.Id));
        Assert.Equal("p295", farm.GetPrinter("p295")!.Id);
        Assert.True(farm.Apply(new UpdatePrinter("p295", "Bambu", null, null)).IsSuccess);
        Assert.Equal("Bambu", farm.ListPrinters()[^1].Company);
    }
}
