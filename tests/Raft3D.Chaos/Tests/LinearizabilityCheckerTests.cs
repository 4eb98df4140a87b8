using Raft3D.Chaos.Checker;
using Raft3D.Chaos.History;
using static Raft3D.Chaos.Tests.Ops;

namespace Raft3D.Chaos.Tests;

/// <summary>The search classifies known histories correctly: linearizable ones pass, lost writes and stale reads do not.</summary>
public sealed class LinearizabilityCheckerTests
{
    private static LinearizabilityOutcome Verdict(params Operation[] ops)
    {
        var history = Renumber(ops).Where(HistoryChecker.Searched).ToList();
        var key = history.Select(o => o.Key!).Distinct().Single();
        return HistoryChecker.CheckKey(key, history).Outcome;
    }

    [Fact]
    public void Concurrent_creates_one_winner_and_reads_of_the_winner_are_linearizable()
    {
        Assert.Equal(LinearizabilityOutcome.Linearizable, Verdict(
            CreatePrinter("p", "A", 0, 3),
            CreatePrinter("p", "B", 1, 2, http: 409),
            ReadPrinter("p", null, 0.5, 0.8),    // before either took effect
            ReadPrinter("p", "A", 2.5, 2.9),
            ReadPrinter("p", "A", 4, 5)));
    }

    [Fact]
    public void A_read_of_the_losing_create_is_not_linearizable()
    {
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, Verdict(
            CreatePrinter("p", "A", 0, 3),
            CreatePrinter("p", "B", 1, 2, http: 409),
            ReadPrinter("p", "B", 4, 5)));
    }

    [Fact]
    public void Lost_write_an_acknowledged_create_later_read_as_missing()
    {
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, Verdict(
            CreatePrinter("p", "A", 0, 1),
            ReadPrinter("p", "A", 2, 3),
            ReadPrinter("p", null, 4, 5)));
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, Verdict(
            CreatePrinter("p", "A", 0, 1),
            ReadPrinter("p", null, 2, 3)));
    }

    [Fact]
    public void A_read_concurrent_with_a_write_may_see_it_or_not_but_never_go_back()
    {
        Assert.Equal(LinearizabilityOutcome.Linearizable, Verdict(
            CreatePrinter("p", "A", 0, 10),
            ReadPrinter("p", null, 1, 2),
            ReadPrinter("p", "A", 3, 4)));
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, Verdict(
            CreatePrinter("p", "A", 0, 10),
            ReadPrinter("p", "A", 1, 2),
            ReadPrinter("p", null, 3, 4)));
    }

    [Fact]
    public void An_unknown_outcome_may_take_effect_late_or_never()
    {
        // Took effect between the two reads.
        Assert.Equal(LinearizabilityOutcome.Linearizable, Verdict(
            CreatePrinter("p", "A", 0, null, http: null),
            ReadPrinter("p", null, 2, 3),
            ReadPrinter("p", "A", 4, 5)));
        // Never took effect.
        Assert.Equal(LinearizabilityOutcome.Linearizable, Verdict(
            CreatePrinter("p", "A", 0, null, http: null),
            ReadPrinter("p", null, 2, 3),
            ReadPrinter("p", null, 4, 5)));
        // But once seen, it stays.
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, Verdict(
            CreatePrinter("p", "A", 0, null, http: null),
            ReadPrinter("p", "A", 2, 3),
            ReadPrinter("p", null, 4, 5)));
        // And it cannot take effect before it was sent.
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, Verdict(
            ReadPrinter("p", "A", 0, 1),
            CreatePrinter("p", "A", 2, null, http: null)));
    }

    [Fact]
    public void A_stale_read_of_a_job_status_is_not_linearizable()
    {
        Assert.Equal(LinearizabilityOutcome.Linearizable, Verdict(
            CreateFilament("f", 1000, 0, 1),
            CreateJob("f", "j", 300, 2, 3),
            SetStatus("f", "j", 300, "running", 4, 5),
            ReadJob("f", "j", 300, "Running", 6, 7),
            ReadFilament("f", 1000, 1000, 300, 6, 7)));
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, Verdict(
            CreateFilament("f", 1000, 0, 1),
            CreateJob("f", "j", 300, 2, 3),
            SetStatus("f", "j", 300, "running", 4, 5),
            ReadJob("f", "j", 300, "Queued", 6, 7)));
    }

    [Fact]
    public void Filament_weight_is_used_up_by_done_jobs_and_reads_must_agree()
    {
        Assert.Equal(LinearizabilityOutcome.Linearizable, Verdict(
            CreateFilament("f", 1000, 0, 1),
            CreateJob("f", "j", 300, 2, 3),
            SetStatus("f", "j", 300, "running", 4, 5),
            SetStatus("f", "j", 300, "done", 6, 7),
            ReadFilament("f", 1000, 700, 0, 8, 9),
            SetStatus("f", "j", 300, "canceled", 10, 11, http: 409, current: "Done")));
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, Verdict(
            CreateFilament("f", 1000, 0, 1),
            CreateJob("f", "j", 300, 2, 3),
            SetStatus("f", "j", 300, "running", 4, 5),
            SetStatus("f", "j", 300, "done", 6, 7),
            ReadFilament("f", 1000, 1000, 0, 8, 9)));
    }

    [Fact]
    public void Two_concurrent_jobs_that_do_not_both_fit_cannot_both_be_created()
    {
        Assert.Equal(LinearizabilityOutcome.Linearizable, Verdict(
            CreateFilament("f", 500, 0, 1),
            CreateJob("f", "a", 300, 2, 5),
            CreateJob("f", "b", 300, 3, 4, http: 409, error: "insufficient", available: 200),
            ListJobs("f", 6, 7, null, new JobSeen("a", "f", 300, "Queued"))));
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, Verdict(
            CreateFilament("f", 500, 0, 1),
            CreateJob("f", "a", 300, 2, 5),
            CreateJob("f", "b", 300, 3, 4)));
        // The refusal must report what was really available.
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, Verdict(
            CreateFilament("f", 500, 0, 1),
            CreateJob("f", "a", 300, 2, 5),
            CreateJob("f", "b", 300, 3, 4, http: 409, error: "insufficient", available: 500)));
    }

    [Fact]
    public void An_idempotent_retry_is_applied_once_and_answered_as_a_replay()
    {
        // The first attempt's outcome is unknown; the retry applies it (not a replay) or replays it.
        Assert.Equal(LinearizabilityOutcome.Linearizable, Verdict(
            CreateFilament("f", 1000, 0, 1),
            CreateJob("f", "j", 300, 2, null, http: null),
            CreateJob("f", "j", 300, 3, 4, replayed: true),
            CreateJob("f", "j", 300, 5, 6, replayed: true)));
        Assert.Equal(LinearizabilityOutcome.Linearizable, Verdict(
            CreateFilament("f", 1000, 0, 1),
            CreateJob("f", "j", 300, 2, null, http: null),
            CreateJob("f", "j", 300, 3, 4)));
        // Applied twice: the retry after an acknowledged create is not a replay.
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, Verdict(
            CreateFilament("f", 1000, 0, 1),
            CreateJob("f", "j", 300, 2, 3),
            CreateJob("f", "j", 300, 4, 5)));
        // A replay of something never sent.
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, Verdict(
            CreateFilament("f", 1000, 0, 1),
            CreateJob("f", "j", 300, 2, 3, replayed: true)));
        // A replay keeps the first answer even when the job would fit now.
        Assert.Equal(LinearizabilityOutcome.Linearizable, Verdict(
            CreateFilament("f", 500, 0, 1),
            CreateJob("f", "a", 400, 2, 3),
            CreateJob("f", "b", 300, 4, 5, http: 409, error: "insufficient", available: 100),
            SetStatus("f", "a", 400, "canceled", 6, 7),
            CreateJob("f", "b", 300, 8, 9, http: 409, error: "insufficient", replayed: true)));
    }

    private static List<Operation> ConcurrentUnknowns(int jobs)
    {
        var ops = new List<Operation> { CreateFilament("f", 100_000, 0, 1) };
        for (var j = 0; j < jobs; j++)
        {
            ops.Add(CreateJob("f", $"j{j}", 100, 2 + j * 0.01, null, http: null));
            ops.Add(SetStatus("f", $"j{j}", 100, "running", 2.5 + j * 0.01, null, http: null));
        }
        ops.Add(ReadFilament("f", 100_000, 100_000, jobs / 2 * 100, 10, 11));
        return Renumber([.. ops]);
    }

    [Fact]
    public void Several_concurrent_unknown_outcomes_are_searched_quickly()
    {
        // As many as the workload lets one key collect (it retires a key after a few).
        var result = HistoryChecker.CheckKey("filament:f", ConcurrentUnknowns(5));
        Assert.Equal(LinearizabilityOutcome.Linearizable, result.Outcome);
        Assert.True(result.Steps < 200_000, $"{result.Steps} steps");
    }

    [Fact]
    public void A_search_over_its_budget_is_inconclusive_not_a_hang()
    {
        var result = HistoryChecker.CheckKey("filament:f", ConcurrentUnknowns(12), stepBudget: 50_000);
        Assert.Equal(LinearizabilityOutcome.Unknown, result.Outcome);
    }

    [Fact]
    public void A_violation_is_explained_with_the_longest_prefix_and_the_blocked_operation()
    {
        var history = Renumber(CreatePrinter("p", "A", 0, 1), ReadPrinter("p", null, 2, 3));
        var result = HistoryChecker.CheckKey("printer:p", history);
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, result.Outcome);
        Assert.Single(result.BestOrder);
        Assert.Equal(OpKind.ReadPrinter, result.Blocked?.Kind);
        Assert.Contains("then nothing explains", result.Explain());
    }
}
