using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Lists;
using Raft3D.PrintFarm.Model;
using Xunit.Abstractions;
using static Raft3D.PrintFarm.Tests.FarmBuilder;

namespace Raft3D.PrintFarm.Tests;

/// <summary>Pages of lists in creation order, and the job indexes behind filtered pages.</summary>
public sealed class PagingTests(ITestOutputHelper output)
{
    /// <summary>p1, p2, f1, f2 (1000 g each) and jobs j0..j19: even on p1, odd on p2; j0..j9 on f1; every third Running.</summary>
    private static PrintFarmState Farm()
    {
        var farm = WithPrinterAndFilament();
        farm.Apply(new CreatePrinter("p2", "Bambu", "X1"));
        farm.Apply(new CreateFilament("f2", "PETG", "blue", 1000, null));
        for (var i = 0; i < 20; i++)
        {
            Assert.True(farm.Apply(new CreatePrintJob($"j{i}", i % 2 == 0 ? "p1" : "p2", i < 10 ? "f1" : "f2", "a.gcode", 10, null)).IsSuccess);
            if (i % 3 == 0) Assert.True(farm.Apply(new ChangeJobStatus($"j{i}", "running")).IsSuccess);
        }
        return farm;
    }

    public static TheoryData<string, PageRequest, JobStatus?, string?, string?, string[], int, bool> Pages() => new()
    {
        // what, request, status, printer, filament, expected ids, total, has more
        { "first page", new PageRequest(3), null, null, null, ["j0", "j1", "j2"], 20, true },
        { "after an id", new PageRequest(3, "j2"), null, null, null, ["j3", "j4", "j5"], 20, true },
        { "last page, exactly full", new PageRequest(2, "j17"), null, null, null, ["j18", "j19"], 20, false },
        { "after the last", new PageRequest(5, "j19"), null, null, null, [], 20, false },
        { "by printer", new PageRequest(3, "j4"), null, "p1", null, ["j6", "j8", "j10"], 10, true },
        { "by printer, after a job of the other printer", new PageRequest(2, "j5"), null, "p1", null, ["j6", "j8"], 10, true },
        { "by filament", new PageRequest(4, "j7"), null, null, "f1", ["j8", "j9"], 10, false },
        { "by status", new PageRequest(2), JobStatus.Running, null, null, ["j0", "j3"], 7, true },
        { "by status after", new PageRequest(10, "j12"), JobStatus.Running, null, null, ["j15", "j18"], 7, false },
        { "status and printer", new PageRequest(2), JobStatus.Running, "p1", null, ["j0", "j6"], 4, true },
        { "all three", new PageRequest(9), JobStatus.Queued, "p2", "f2", ["j11", "j13", "j17", "j19"], 4, false },
        { "no match", new PageRequest(9), JobStatus.Done, null, null, [], 0, false },
        { "unknown printer", new PageRequest(9), null, "p9", null, [], 0, false },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public void Job_pages_follow_creation_order_and_filters(string what, PageRequest request, JobStatus? status, string? printer, string? filament,
        string[] expected, int total, bool hasMore)
    {
        var page = Farm().ListJobs(request, status, printer, filament);
        Assert.NotNull(page);
        Assert.True(expected.SequenceEqual(page.Items.Select(j => j.Id)), $"{what}: {string.Join(",", page.Items.Select(j => j.Id))}");
        Assert.Equal((total, hasMore), (page.Total, page.HasMore));
    }

    [Fact]
    public void Paging_to_the_end_returns_every_match_once()
    {
        var farm = Farm();
        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = farm.ListJobs(new PageRequest(3, after), printerId: "p2")!;
            seen.AddRange(page.Items.Select(j => j.Id));
            if (!page.HasMore) break;
            after = page.Items[^1].Id;
        }
        Assert.Equal(farm.ListJobs(printerId: "p2").Select(j => j.Id), seen);
    }

    [Fact]
    public void A_status_change_moves_a_job_between_status_indexes()
    {
        var farm = Farm();
        farm.Apply(new ChangeJobStatus("j3", "done"));
        Assert.Equal(["j3"], farm.ListJobs(JobStatus.Done).Select(j => j.Id));
        Assert.DoesNotContain("j3", farm.ListJobs(JobStatus.Running).Select(j => j.Id));
        Assert.Equal(6, farm.ListJobs(new PageRequest(1), JobStatus.Running)!.Total);
    }

    [Fact]
    public void A_filtered_page_ends_at_its_limit_wherever_that_falls_in_a_batch_of_lookups()
    {
        // A filter's jobs are looked up 16 at a time: 40 on p1 (every third Running) span three
        // batches, and every limit from 1 past 40 ends in a different place in one.
        var farm = WithPrinterAndFilament();
        farm.Apply(new CreatePrinter("p2", "Bambu", "X1"));
        for (var i = 0; i < 80; i++)
        {
            farm.Apply(new CreatePrintJob($"j{i}", i % 2 == 0 ? "p1" : "p2", "f1", "a.gcode", 1, null));
            if (i % 3 == 0) farm.Apply(new ChangeJobStatus($"j{i}", "running"));
        }
        var all = farm.ListJobs().ToList();
        foreach (var (status, printer) in new (JobStatus?, string?)[] { (null, "p1"), (JobStatus.Running, "p1"), (JobStatus.Queued, null) })
        {
            var matches = all.Where(j => (status is null || j.Status == status) && (printer is null || j.PrinterId == printer)).Select(j => j.Id).ToList();
            for (var limit = 1; limit <= matches.Count + 1; limit++)
            {
                var page = farm.ListJobs(new PageRequest(limit), status, printer)!;
                var what = $"{status} {printer}, limit {limit}";
                Assert.True(matches.Take(limit).SequenceEqual(page.Items.Select(j => j.Id)), $"{what}: {string.Join(",", page.Items.Select(j => j.Id))}");
                Assert.True(page.HasMore == limit < matches.Count, what);
                Assert.Equal(matches.Count, page.Total);
            }
        }
    }

    [Fact]
    public void An_after_that_names_nothing_is_null()
    {
        var farm = Farm();
        Assert.Null(farm.ListJobs(new PageRequest(5, "nope")));
        Assert.Null(farm.ListPrinters(new PageRequest(5, "nope")));
        Assert.Null(farm.ListFilaments(new PageRequest(5, "j1")));
    }

    [Fact]
    public void Printer_and_filament_pages()
    {
        var farm = Farm();
        var printers = farm.ListPrinters(new PageRequest(1))!;
        Assert.Equal(("p1", 2, true), (Assert.Single(printers.Items).Id, printers.Total, printers.HasMore));
        var filaments = farm.ListFilaments(new PageRequest(1, "f1"))!;
        Assert.Equal(("f2", 2, false), (Assert.Single(filaments.Items).Id, filaments.Total, filaments.HasMore));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_page_holds_at_least_one(int limit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PageRequest(limit));

    [Fact]
    public void A_page_deep_into_a_list_costs_what_a_page_at_its_start_costs()
    {
        // 50 000 jobs. Were a page to walk the jobs before its after, one near the end would cost
        // thousands of times one near the start; the two are timed interleaved, so a loaded machine
        // slows both alike, and compared by their medians.
        var farm = new PrintFarmState();
        farm.Apply(new CreatePrinter("p1", "Prusa", "MK4"));
        farm.Apply(new CreatePrinter("p2", "Prusa", "MK4"));
        farm.Apply(new CreateFilament("f1", "pla", "red", int.MaxValue, null));
        const int jobs = 50_000;
        for (var i = 0; i < jobs; i++) farm.Apply(new CreatePrintJob($"j{i}", i % 100 == 0 ? "p2" : "p1", "f1", "a.gcode", 1, null));

        (string What, Func<string, Page<PrintJob>?> Read, string Early, string Late)[] cases =
        [
            ("all jobs", after => farm.ListJobs(new PageRequest(10, after)), "j10", $"j{jobs - 100}"),
            ("by status", after => farm.ListJobs(new PageRequest(10, after), JobStatus.Queued), "j10", $"j{jobs - 100}"),
            ("by printer", after => farm.ListJobs(new PageRequest(10, after), printerId: "p2"), "j100", $"j{jobs - 1100}"),
        ];
        foreach (var (what, read, early, late) in cases)
        {
            Assert.Equal(10, read(early)!.Items.Count);
            Assert.Equal(10, read(late)!.Items.Count);
            var earlyTimes = new List<double>();
            var lateTimes = new List<double>();
            var watch = new System.Diagnostics.Stopwatch();
            for (var round = 0; round < 301; round++)
            {
                watch.Restart();
                read(early);
                earlyTimes.Add(watch.Elapsed.TotalMicroseconds);
                watch.Restart();
                read(late);
                lateTimes.Add(watch.Elapsed.TotalMicroseconds);
            }
            var (earlyMedian, lateMedian) = (earlyTimes.Order().ElementAt(150), lateTimes.Order().ElementAt(150));
            output.WriteLine($"{what}: a page near the start {earlyMedian:0.0} µs, near the end {lateMedian:0.0} µs (medians)");
            Assert.True(lateMedian < 20 * Math.Max(earlyMedian, 1), $"{what}: a page near the end took {lateMedian:0.0} µs, near the start {earlyMedian:0.0} µs");
        }
    }
}
