using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;

namespace Raft3D.PrintFarm.Tests;

/// <summary>The helpers the HTTP layer reuses, and the same rules seen through Apply.</summary>
public sealed class ParsingTests
{
    public static TheoryData<string?, bool> IdCases() => new()
    {
        { null, false },
        { "", false },                       // 0 characters
        { "a", true },                       // 1
        { new string('a', 127), true },
        { new string('a', 128), true },      // 128
        { new string('a', 129), false },     // 129
        { "Az09-_.", true },
        { "...", true },
        { "0", true },
        { "a b", false },
        { " a", false },
        { "a\n", false },
        { "a/b", false },
        { "a:b", false },
        { "a@b", false },
        { "a%20", false },
        { "ünï", false },
        { "a\0", false },
        { "٣", false },                      // a non-ASCII digit
    };

    [Theory]
    [MemberData(nameof(IdCases))]
    public void Ids_are_1_to_128_ascii_letters_digits_dash_underscore_dot(string? id, bool valid) => Assert.Equal(valid, Ids.IsValid(id));

    [Theory]
    [MemberData(nameof(IdCases))]
    public void Every_kind_of_object_checks_its_id_at_apply_time(string? id, bool valid)
    {
        var commands = new FarmCommand[]
        {
            new CreatePrinter(id!, "Prusa", "MK4"),
            new CreateFilament(id!, "PLA", "red", 100, null),
            new CreatePrintJob(id!, "p1", "f1", "a.gcode", 10, null),
        };
        foreach (var command in commands)
        {
            var result = FarmBuilder.WithPrinterAndFilament().Apply(command);
            if (valid)
            {
                Assert.IsType<FarmResult.Created>(result);
            }
            else
            {
                var invalid = Assert.IsType<FarmResult.Invalid>(result);
                Assert.Equal("id", Assert.Single(invalid.Errors).Field);
                Assert.Contains("1-128 characters", invalid.Detail);
            }
        }
    }

    [Theory]
    [InlineData("PLA", FilamentType.PLA)]
    [InlineData("pla", FilamentType.PLA)]
    [InlineData("Pla", FilamentType.PLA)]
    [InlineData("PETG", FilamentType.PETG)]
    [InlineData("petg", FilamentType.PETG)]
    [InlineData("pEtG", FilamentType.PETG)]
    [InlineData("ABS", FilamentType.ABS)]
    [InlineData("abs", FilamentType.ABS)]
    [InlineData("TPU", FilamentType.TPU)]
    [InlineData("tpu", FilamentType.TPU)]
    [InlineData(" tpu ", FilamentType.TPU)]
    public void Filament_types_parse_in_any_case(string text, FilamentType expected)
    {
        Assert.True(FilamentTypes.TryParse(text, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("NYLON")]
    [InlineData("PL")]
    [InlineData("PLAA")]
    [InlineData("0")]
    [InlineData("3")]
    [InlineData("PLA,ABS")]              // Enum.TryParse would OR these together
    [InlineData("pla, tpu")]
    [InlineData("ab\u017F")]             // LATIN SMALL LETTER LONG S upper-cases to S
    [InlineData("P L A")]
    public void Anything_else_is_not_a_filament_type(string? text) => Assert.False(FilamentTypes.TryParse(text, out _));

    [Theory]
    [InlineData("queued", JobStatus.Queued)]
    [InlineData("QUEUED", JobStatus.Queued)]
    [InlineData("running", JobStatus.Running)]
    [InlineData("RUNNING", JobStatus.Running)]
    [InlineData("Running", JobStatus.Running)]
    [InlineData("done", JobStatus.Done)]
    [InlineData("DoNe", JobStatus.Done)]
    [InlineData("canceled", JobStatus.Canceled)]
    [InlineData("Canceled", JobStatus.Canceled)]
    [InlineData("cancelled", JobStatus.Canceled)]
    [InlineData("CANCELLED", JobStatus.Canceled)]
    [InlineData(" running ", JobStatus.Running)]
    public void Statuses_parse_in_any_case_and_cancelled_is_canceled(string text, JobStatus expected)
    {
        Assert.True(JobStatuses.TryParse(text, out var status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("paused")]
    [InlineData("cancel")]
    [InlineData("canceld")]
    [InlineData("0")]
    [InlineData("2")]
    [InlineData("queued,running")]       // Enum.TryParse would OR these together
    [InlineData("Queued, Done")]
    [InlineData("run ning")]
    public void Anything_else_is_not_a_status(string? text) => Assert.False(JobStatuses.TryParse(text, out _));

    [Fact]
    public void Statuses_and_types_print_as_the_spec_spells_them()
    {
        Assert.Equal(["Queued", "Running", "Done", "Canceled"], Enum.GetNames<JobStatus>());
        Assert.Equal(["PLA", "PETG", "ABS", "TPU"], Enum.GetNames<FilamentType>());
    }
}
