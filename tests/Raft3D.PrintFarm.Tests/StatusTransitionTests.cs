using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;
using static Raft3D.PrintFarm.Tests.FarmBuilder;

namespace Raft3D.PrintFarm.Tests;

public sealed class StatusTransitionTests
{
    public static TheoryData<JobStatus, JobStatus, bool> AllPairs()
    {
        var data = new TheoryData<JobStatus, JobStatus, bool>();
        foreach (var from in Enum.GetValues<JobStatus>())
        foreach (var to in Enum.GetValues<JobStatus>())
        {
            var legal = (from, to) is (JobStatus.Queued, JobStatus.Running) or (JobStatus.Running, JobStatus.Done)
                or (JobStatus.Queued, JobStatus.Canceled) or (JobStatus.Running, JobStatus.Canceled);
            data.Add(from, to, legal);
        }
        return data;
    }

    /// <summary>Brings job j1 (200 g on the 1000 g spool f1) to the given status.</summary>
    private static PrintFarmState FarmWithJobIn(JobStatus status)
    {
        var farm = WithPrinterAndFilament();
        farm.Apply(Job("j1", 200));
        var path = status switch
        {
            JobStatus.Queued => [],
            JobStatus.Running => ["running"],
            JobStatus.Done => ["running", "done"],
            _ => new[] { "canceled" },
        };
        foreach (var step in path) Assert.IsType<FarmResult.Updated>(farm.Apply(new ChangeJobStatus("j1", step)));
        Assert.Equal(status, farm.GetJob("j1")!.Status);
        return farm;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Only_the_four_transitions_of_the_spec_are_allowed(JobStatus from, JobStatus to, bool legal)
    {
        var farm = FarmWithJobIn(from);
        var result = farm.Apply(new ChangeJobStatus("j1", to.ToString()));
        if (legal)
        {
            Assert.Equal(to, ((PrintJob)Assert.IsType<FarmResult.Updated>(result).Value).Status);
        }
        else
        {
            var conflict = Assert.IsType<FarmResult.Conflict>(result);
            Assert.Contains($"is {from}", conflict.Detail);
            Assert.Equal(from, farm.GetJob("j1")!.Status);
        }
    }

    [Theory]
    [InlineData("RUNNING", JobStatus.Running)]
    [InlineData("Running", JobStatus.Running)]
    [InlineData("cancelled", JobStatus.Canceled)]
    [InlineData("CANCELLED", JobStatus.Canceled)]
    [InlineData("canceled", JobStatus.Canceled)]
    public void Status_input_is_case_insensitive_and_cancelled_is_canceled(string input, JobStatus expected)
    {
        Assert.True(JobStatuses.TryParse(input, out var status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("paused")]
    [InlineData("")]
    [InlineData("2")]
    public void An_unknown_status_is_a_field_error(string status)
    {
        var result = Assert.IsType<FarmResult.Invalid>(FarmWithJobIn(JobStatus.Queued).Apply(new ChangeJobStatus("j1", status)));
        Assert.Equal("status", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void An_unknown_job_is_not_found() =>
        Assert.Equal(404, new PrintFarmState().Apply(new ChangeJobStatus("ghost", "running")).StatusCode);

    [Theory]
    // status reached, remaining, reserved of the 1000 g spool with a 200 g job
    [InlineData(JobStatus.Queued, 1000, 200)]
    [InlineData(JobStatus.Running, 1000, 200)]
    [InlineData(JobStatus.Done, 800, 0)]
    [InlineData(JobStatus.Canceled, 1000, 0)]
    public void Weight_is_reserved_while_queued_or_running_and_used_up_when_done(JobStatus status, int remaining, int reserved)
    {
        var filament = FarmWithJobIn(status).GetFilament("f1")!;
        Assert.Equal(remaining, filament.RemainingWeightInGrams);
        Assert.Equal(reserved, filament.ReservedWeightInGrams);
        Assert.Equal(remaining - reserved, filament.AvailableWeightInGrams);
    }

    [Fact]
    public void A_running_job_canceled_releases_its_weight()
    {
        var farm = FarmWithJobIn(JobStatus.Running);
        farm.Apply(new ChangeJobStatus("j1", "cancelled"));
        Assert.Equal(1000, farm.GetFilament("f1")!.AvailableWeightInGrams);
    }
}
