using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;
using static Raft3D.PrintFarm.Tests.FarmBuilder;

namespace Raft3D.PrintFarm.Tests;

public sealed class CreationRulesTests
{
    [Theory]
    [InlineData("", "id")]
    [InlineData("has space", "id")]
    [InlineData("slash/no", "id")]
    [InlineData("ünï", "id")]
    public void A_bad_id_is_a_field_error(string id, string field)
    {
        var result = Assert.IsType<FarmResult.Invalid>(new PrintFarmState().Apply(new CreatePrinter(id, "Prusa", "MK4")));
        Assert.Equal(400, result.StatusCode);
        Assert.Equal(field, Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void Ids_are_1_to_128_characters(int length, bool valid) => Assert.Equal(valid, Ids.IsValid(new string('a', length)));

    [Theory]
    [InlineData("a-b_c.D9", true)]
    [InlineData("0", true)]
    [InlineData("a b", false)]
    [InlineData("a:b", false)]
    [InlineData(null, false)]
    public void Ids_allow_letters_digits_dash_underscore_dot(string? id, bool valid) => Assert.Equal(valid, Ids.IsValid(id));

    [Theory]
    [InlineData("", "MK4", "company")]
    [InlineData("  ", "MK4", "company")]
    [InlineData("Prusa", "", "model")]
    public void Printer_company_and_model_are_required(string company, string model, string field)
    {
        var result = Assert.IsType<FarmResult.Invalid>(new PrintFarmState().Apply(new CreatePrinter("p1", company, model)));
        Assert.Equal(field, Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void A_taken_id_is_a_conflict_per_kind()
    {
        var farm = WithPrinterAndFilament();
        var conflict = Assert.IsType<FarmResult.Conflict>(farm.Apply(new CreatePrinter("p1", "Bambu", "X1")));
        Assert.Equal(409, conflict.StatusCode);
        Assert.Contains("p1", conflict.Detail);
        // The same id for another kind of object is fine.
        Assert.IsType<FarmResult.Created>(farm.Apply(new CreateFilament("p1", "ABS", "black", 500, null)));
    }

    [Theory]
    [InlineData("PLA", FilamentType.PLA)]
    [InlineData("petg", FilamentType.PETG)]
    [InlineData("Abs", FilamentType.ABS)]
    [InlineData("tPu", FilamentType.TPU)]
    public void Filament_type_is_any_case_on_input_and_upper_case_stored(string input, FilamentType stored)
    {
        var created = Assert.IsType<FarmResult.Created>(new PrintFarmState().Apply(new CreateFilament("f", input, "red", 100, null)));
        Assert.Equal(stored, ((Filament)created.Value).Type);
        Assert.Equal(stored.ToString().ToUpperInvariant(), stored.ToString());
    }

    [Theory]
    [InlineData("NYLON", 1000, null, "type")]
    [InlineData("1", 1000, null, "type")]
    [InlineData("", 1000, null, "type")]
    [InlineData("PLA", 0, null, "total_weight_in_grams")]
    [InlineData("PLA", -5, null, "total_weight_in_grams")]
    [InlineData("PLA", 1000, -1, "remaining_weight_in_grams")]
    [InlineData("PLA", 1000, 1001, "remaining_weight_in_grams")]
    public void Filament_fields_are_checked(string type, int total, int? remaining, string field)
    {
        var result = Assert.IsType<FarmResult.Invalid>(new PrintFarmState().Apply(new CreateFilament("f", type, "red", total, remaining)));
        Assert.Equal(field, Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Filament_colour_is_required() =>
        Assert.Equal("color", Assert.Single(Assert.IsType<FarmResult.Invalid>(new PrintFarmState().Apply(new CreateFilament("f", "PLA", " ", 10, null))).Errors).Field);

    [Theory]
    [InlineData(null, 1000)]
    [InlineData(0, 0)]
    [InlineData(250, 250)]
    [InlineData(1000, 1000)]
    public void Remaining_weight_defaults_to_the_total(int? remaining, int stored)
    {
        var created = Assert.IsType<FarmResult.Created>(new PrintFarmState().Apply(new CreateFilament("f", "PLA", "red", 1000, remaining)));
        var filament = (Filament)created.Value;
        Assert.Equal(stored, filament.RemainingWeightInGrams);
        Assert.Equal(0, filament.ReservedWeightInGrams);
        Assert.Equal(stored, filament.AvailableWeightInGrams);
    }

    [Fact]
    public void Several_bad_fields_are_all_reported()
    {
        var result = Assert.IsType<FarmResult.Invalid>(new PrintFarmState().Apply(new CreateFilament("bad id", "wood", "", 0, null)));
        Assert.Equal(["id", "type", "color", "total_weight_in_grams"], result.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("", "f1", "x.gcode", 10, "printer_id")]
    [InlineData("p1", "", "x.gcode", 10, "filament_id")]
    [InlineData("p1", "f1", "", 10, "filepath")]
    [InlineData("p1", "f1", "x.gcode", 0, "print_weight_in_grams")]
    [InlineData("p1", "f1", "x.gcode", -1, "print_weight_in_grams")]
    public void Print_job_fields_are_checked(string printer, string filament, string path, int grams, string field)
    {
        var result = Assert.IsType<FarmResult.Invalid>(WithPrinterAndFilament().Apply(new CreatePrintJob("j", printer, filament, path, grams, null)));
        Assert.Equal(field, Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData("nope", "f1", "printer_id")]
    [InlineData("p1", "nope", "filament_id")]
    public void A_job_must_name_an_existing_printer_and_filament(string printer, string filament, string field)
    {
        var result = Assert.IsType<FarmResult.Unprocessable>(WithPrinterAndFilament().Apply(new CreatePrintJob("j", printer, filament, "x.gcode", 10, null)));
        Assert.Equal(422, result.StatusCode);
        Assert.Equal(field, result.Field);
        Assert.Contains("nope", result.Detail);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("queued")]
    [InlineData("QUEUED")]
    public void A_new_job_is_queued(string? status)
    {
        var created = Assert.IsType<FarmResult.Created>(WithPrinterAndFilament().Apply(Job("j1", 100, status)));
        Assert.Equal(JobStatus.Queued, ((PrintJob)created.Value).Status);
    }

    [Theory]
    [InlineData("running")]
    [InlineData("done")]
    [InlineData("canceled")]
    [InlineData("flying")]
    public void A_new_job_with_another_status_is_rejected(string status)
    {
        var result = Assert.IsType<FarmResult.Invalid>(WithPrinterAndFilament().Apply(Job("j1", 100, status)));
        Assert.Equal("status", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void A_job_may_not_take_more_than_the_available_weight_and_the_message_says_how_much_is_available()
    {
        var farm = WithPrinterAndFilament();
        Assert.IsType<FarmResult.Created>(farm.Apply(Job("j1", 700)));
        var refused = Assert.IsType<FarmResult.Conflict>(farm.Apply(Job("j2", 400)));
        Assert.Contains("300 g available", refused.Detail);
        Assert.Contains("700 g reserved", refused.Detail);
        Assert.IsType<FarmResult.Created>(farm.Apply(Job("j3", 300)));
        Assert.IsType<FarmResult.Conflict>(farm.Apply(Job("j4", 1)));
    }

    [Fact]
    public void Ten_of_twenty_100_gram_jobs_fit_on_a_1000_gram_spool()
    {
        var farm = WithPrinterAndFilament();
        var results = Enumerable.Range(0, 20).Select(i => farm.Apply(Job($"j{i}", 100))).ToList();
        Assert.Equal(10, results.Count(r => r is FarmResult.Created));
        Assert.Equal(10, results.Count(r => r is FarmResult.Conflict));
        Assert.Equal(1000, farm.GetFilament("f1")!.ReservedWeightInGrams);
        Assert.Equal(0, farm.GetFilament("f1")!.AvailableWeightInGrams);
    }

    public static TheoryData<string, FarmCommand> SecondObjectsWithTakenIds() => new()
    {
        { "printer", new CreatePrinter("p1", "Bambu", "X1") },
        { "filament", new CreateFilament("f1", "ABS", "black", 500, null) },
        { "print job", new CreatePrintJob("j1", "p1", "f1", "other.gcode", 5, null) },
    };

    [Theory]
    [MemberData(nameof(SecondObjectsWithTakenIds))]
    public void A_taken_id_of_each_kind_is_a_conflict_that_changes_nothing(string kind, FarmCommand second)
    {
        var farm = WithPrinterAndFilament();
        farm.Apply(Job("j1", 100));
        var before = farm.ToSnapshot();
        var conflict = Assert.IsType<FarmResult.Conflict>(farm.Apply(second));
        Assert.StartsWith($"a {kind} with id", conflict.Detail);
        Assert.Equal(before, farm.ToSnapshot());
    }

    [Fact]
    public void A_taken_job_id_is_reported_before_a_missing_printer()
    {
        var farm = WithPrinterAndFilament();
        farm.Apply(Job("j1", 100));
        Assert.IsType<FarmResult.Conflict>(farm.Apply(new CreatePrintJob("j1", "ghost", "f1", "a.gcode", 1, null)));
    }

    [Theory]
    [InlineData("running")]
    [InlineData("done")]
    [InlineData("canceled")]
    [InlineData("cancelled")]
    [InlineData("flying")]
    [InlineData("queued,running")]
    public void A_refused_initial_status_creates_nothing(string status)
    {
        var farm = WithPrinterAndFilament();
        Assert.Equal(400, farm.Apply(Job("j1", 100, status)).StatusCode);
        Assert.Null(farm.GetJob("j1"));
        Assert.Equal(0, farm.GetFilament("f1")!.ReservedWeightInGrams);
    }

    [Fact]
    public void Text_fields_are_stored_trimmed_and_types_upper_case()
    {
        var farm = new PrintFarmState();
        var printer = (Printer)Assert.IsType<FarmResult.Created>(farm.Apply(new CreatePrinter("p1", " Prusa ", "MK4  "))).Value;
        Assert.Equal(new Printer("p1", "Prusa", "MK4") { Version = 1 }, printer);
        var filament = (Filament)Assert.IsType<FarmResult.Created>(farm.Apply(new CreateFilament("f1", "petg", " red", 10, null))).Value;
        Assert.Equal(("PETG", "red"), (filament.Type.ToString(), filament.Color));
    }

    [Fact]
    public void Missing_strings_are_field_errors_not_exceptions()
    {
        var farm = WithPrinterAndFilament();
        Assert.Equal(["id", "company", "model"], Assert.IsType<FarmResult.Invalid>(farm.Apply(new CreatePrinter(null!, null!, null!))).Errors.Select(e => e.Field));
        Assert.Equal(["id", "type", "color"], Assert.IsType<FarmResult.Invalid>(farm.Apply(new CreateFilament(null!, null!, null!, 1, null))).Errors.Select(e => e.Field));
        Assert.Equal(["id", "printer_id", "filament_id", "filepath"],
            Assert.IsType<FarmResult.Invalid>(farm.Apply(new CreatePrintJob(null!, null!, null!, null!, 1, null))).Errors.Select(e => e.Field));
        Assert.IsType<FarmResult.NotFound>(farm.Apply(new ChangeJobStatus(null!, "running")));
    }

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(int.MaxValue, null, true)]
    [InlineData(int.MaxValue, int.MaxValue, true)]
    [InlineData(int.MinValue, null, false)]
    [InlineData(10, int.MinValue, false)]
    [InlineData(10, int.MaxValue, false)]
    public void Weight_limits(int total, int? remaining, bool valid) =>
        Assert.Equal(valid, new PrintFarmState().Apply(new CreateFilament("f", "PLA", "red", total, remaining)).IsSuccess);

    [Fact]
    public void A_job_may_take_exactly_the_available_weight_of_a_huge_spool()
    {
        var farm = WithPrinterAndFilament(int.MaxValue);
        Assert.IsType<FarmResult.Created>(farm.Apply(Job("j1", int.MaxValue - 1)));
        Assert.IsType<FarmResult.Created>(farm.Apply(Job("j2", 1)));
        Assert.IsType<FarmResult.Conflict>(farm.Apply(Job("j3", 1)));
        Assert.Equal(0, farm.GetFilament("f1")!.AvailableWeightInGrams);
    }
}
