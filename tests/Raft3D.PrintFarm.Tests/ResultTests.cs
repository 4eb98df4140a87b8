using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;
using static Raft3D.PrintFarm.Tests.FarmBuilder;

namespace Raft3D.PrintFarm.Tests;

public sealed class ResultTests
{
    public static TheoryData<FarmResult, int, bool> KindsAndCodes() => new()
    {
        { new FarmResult.Created(new Printer("p1", "Prusa", "MK4")), 201, true },
        { new FarmResult.Updated(new PrintJob("j1", "p1", "f1", "a.gcode", 5, JobStatus.Running)), 200, true },
        { new FarmResult.Invalid([new FieldError("id", "is bad")]), 400, false },
        { new FarmResult.NotFound("no such job"), 404, false },
        { new FarmResult.Conflict("taken"), 409, false },
        { new FarmResult.Unprocessable("no such printer", "printer_id"), 422, false },
    };

    [Theory]
    [MemberData(nameof(KindsAndCodes))]
    public void Every_kind_maps_to_one_http_status_and_has_a_detail(FarmResult result, int status, bool success)
    {
        Assert.Equal(status, result.StatusCode);
        Assert.Equal(success, result.IsSuccess);
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
        Assert.False(string.IsNullOrWhiteSpace(result.Title));
    }

    [Fact]
    public void Success_details_name_the_object()
    {
        var farm = WithPrinterAndFilament();
        Assert.Equal("created print job 'j1'", farm.Apply(Job("j1", 10)).Detail);
        Assert.Equal("print job 'j1' is now Running", farm.Apply(new ChangeJobStatus("j1", "running")).Detail);
        Assert.Equal("created printer 'p2'", farm.Apply(new CreatePrinter("p2", "Bambu", "X1")).Detail);
    }

    [Fact]
    public void An_invalid_detail_names_every_field()
    {
        var invalid = Assert.IsType<FarmResult.Invalid>(new PrintFarmState().Apply(new CreatePrinter("", "", "MK4")));
        Assert.Equal(["id", "company"], invalid.Errors.Select(e => e.Field));
        Assert.StartsWith("id must be 1-128 characters", invalid.Detail);
        Assert.Contains("; company is required", invalid.Detail);
    }

    [Fact]
    public void Invalid_results_compare_by_their_errors_and_cannot_be_changed_afterwards()
    {
        var errors = new List<FieldError> { new("id", "bad") };
        var invalid = new FarmResult.Invalid(errors);
        errors.Add(new FieldError("model", "worse"));
        Assert.Single(invalid.Errors);
        Assert.Equal(new FarmResult.Invalid([new FieldError("id", "bad")]), invalid);
        Assert.Equal(new FarmResult.Invalid([new FieldError("id", "bad")]).GetHashCode(), invalid.GetHashCode());
        Assert.NotEqual(new FarmResult.Invalid([new FieldError("id", "other")]), invalid);
        Assert.Throws<ArgumentException>(() => new FarmResult.Invalid([]));
    }

    [Fact]
    public void The_over_reservation_message_says_what_is_available_remaining_reserved_and_needed()
    {
        var farm = WithPrinterAndFilament();
        farm.Apply(Job("j1", 700));
        var conflict = Assert.IsType<FarmResult.Conflict>(farm.Apply(Job("j2", 400)));
        Assert.Equal("filament 'f1' has 300 g available (1000 g remaining, 700 g reserved by queued and running jobs); the job needs 400 g", conflict.Detail);
    }
}
