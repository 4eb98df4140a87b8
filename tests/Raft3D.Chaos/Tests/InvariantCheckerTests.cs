using Raft3D.Chaos.Checker;
using Raft3D.Chaos.History;
using static Raft3D.Chaos.Tests.Ops;

namespace Raft3D.Chaos.Tests;

/// <summary>The whole-state checks catch what they are for, and pass a clean history.</summary>
public sealed class InvariantCheckerTests
{
    [Fact]
    public void A_clean_history_passes_every_check()
    {
        var history = Renumber(
            CreatePrinter("p", "A", 0, 1),
            ListPrinters(2, 3, index: 5, "p"),
            ReadPrinter("p", "A", 2, 3, index: 5, local: true),
            CreateFilament("f", 1000, 0, 1),
            CreateJob("f", "j", 300, 2, 3),
            SetStatus("f", "j", 300, "running", 4, 5),
            SetStatus("f", "j", 300, "done", 6, 7),
            ReadFilament("f", 1000, 700, 0, 8, 9, index: 9),
            ListJobs("f", 8, 9, 9, new JobSeen("j", "f", 300, "Done")));
        var report = HistoryChecker.Check(history);
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void An_acknowledged_printer_missing_from_a_later_list_is_a_lost_write()
    {
        var history = Renumber(CreatePrinter("p", "A", 0, 1), CreatePrinter("q", "B", 0, 1), ListPrinters(2, 3, index: 5, "q:B"));
        var result = InvariantChecker.Acknowledged(history);
        Assert.False(result.Passed);
        Assert.Contains("lost printer p", result.Violations[0]);
    }

    [Fact]
    public void A_list_concurrent_with_the_create_may_miss_it()
    {
        var history = Renumber(CreatePrinter("p", "A", 0, 3), ListPrinters(1, 2, index: 5));
        Assert.True(InvariantChecker.Acknowledged(history).Passed);
    }

    [Fact]
    public void An_object_nobody_created_is_a_phantom()
    {
        var history = Renumber(ListPrinters(2, 3, index: 5, "ghost"));
        var result = InvariantChecker.Acknowledged(history);
        Assert.Contains("phantom printer ghost", Assert.Single(result.Violations));
    }

    [Fact]
    public void Two_reads_at_the_same_applied_index_must_agree_even_local_ones_on_different_nodes()
    {
        var history = Renumber(
            CreateFilament("f", 1000, 0, 1),
            CreateJob("f", "j", 300, 2, 3),
            ReadJob("f", "j", 300, "Running", 4, 5, index: 7, local: true),
            ReadJob("f", "j", 300, "Queued", 4, 5, index: 7, local: true));
        var result = InvariantChecker.StateByIndex(history);
        Assert.Contains("same index disagree", Assert.Single(result.Violations));
    }

    [Fact]
    public void A_status_moving_backwards_by_applied_index_is_caught()
    {
        var history = Renumber(
            CreateFilament("f", 1000, 0, 1),
            CreateJob("f", "j", 300, 2, 3),
            ReadJob("f", "j", 300, "Running", 4, 5, index: 7, local: true),
            ReadJob("f", "j", 300, "Queued", 6, 7, index: 9, local: true));
        Assert.Contains("moved backwards", Assert.Single(InvariantChecker.StateByIndex(history).Violations));
    }

    [Fact]
    public void An_object_absent_from_a_list_at_a_later_index_disappeared()
    {
        var history = Renumber(
            CreatePrinter("p", "A", 0, 1),
            ReadPrinter("p", "A", 2, 3, index: 4, local: true),
            ListPrinters(4, 5, index: 6));
        Assert.Contains("absent from", Assert.Single(InvariantChecker.StateByIndex(history).Violations));
    }

    [Fact]
    public void A_job_status_going_back_in_real_time_is_caught()
    {
        var history = Renumber(
            CreateFilament("f", 1000, 0, 1),
            CreateJob("f", "j", 300, 2, 3),
            ReadJob("f", "j", 300, "Done", 4, 5),
            ReadJob("f", "j", 300, "Running", 6, 7));
        Assert.Contains("back to Running", Assert.Single(InvariantChecker.JobStatusForward(history).Violations));
    }

    [Fact]
    public void Filament_weights_must_match_its_jobs_at_the_same_index()
    {
        var history = Renumber(
            ReadFilament("f", 1000, 1000, 0, 8, 9, index: 9),
            ListJobs("f", 8, 9, 9, new JobSeen("j", "f", 300, "Done")));
        Assert.Single(InvariantChecker.Accounting(history).Violations);
        var over = Renumber(ReadFilament("f", 1000, 200, 300, 8, 9, index: 9));
        Assert.Single(InvariantChecker.Accounting(over).Violations);
    }

    [Fact]
    public void Two_acknowledged_writes_at_one_index_are_caught()
    {
        var a = CreatePrinter("p", "A", 0, 1);
        var b = CreatePrinter("q", "B", 0, 1);
        a.AppliedIndex = b.AppliedIndex = 12;
        Assert.Single(InvariantChecker.DistinctWriteIndexes(Renumber(a, b)).Violations);
    }

    [Fact]
    public void A_history_survives_a_round_trip_through_its_file()
    {
        var history = Renumber(
            CreatePrinter("p", "A", 0, 1),
            CreateJob("f", "j", 300, 2, null, http: null),
            ListJobs("f", 8, 9, 9, new JobSeen("j", "f", 300, "Done")));
        history.Add(new Operation { Id = 3, Kind = OpKind.ReadPrinter, PrinterId = "p", Key = "printer:p", InvokeNs = 5, Type = OpType.Pending });
        var file = Path.Combine(Path.GetTempPath(), $"raft3d-chaos-history-{Guid.NewGuid():N}.jsonl");
        try
        {
            HistoryFile.Save(file, history);
            Assert.Equal(7, File.ReadAllLines(file).Length); // 4 invokes, 3 completions
            var loaded = HistoryFile.Load(file);
            Assert.Equal(history.Select(o => o.ToString()), loaded.Select(o => o.ToString()));
            Assert.Equal(OpType.Pending, loaded[3].Type);
            Assert.Equal("Done", loaded[2].Jobs![0].Status);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
