using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Checker;

/// <summary>
/// Checks a whole history: linearizability key by key (P-compositionality: a history is
/// linearizable iff each independent key's sub-history is), then the whole-state invariants.
/// For the search, Fail operations are dropped (they did not happen), reads that did not
/// complete Ok are dropped (they change nothing), local reads are left to the invariants
/// (they may be stale by contract), and writes still pending count as Info.
/// </summary>
public static class HistoryChecker
{
    public const string LinearizableName = "linearizable, key by key (Wing-Gong-Lowe search with memoisation)";

    public static CheckReport Check(IReadOnlyList<Operation> history, long stepBudget = LinearizabilityChecker.DefaultStepBudget)
    {
        var report = new CheckReport();
        report.Results.Add(Linearizability(history, stepBudget, report.NonLinearizable));
        report.Results.AddRange(InvariantChecker.CheckAll(history));
        report.Results.Add(IdempotencyChecker.Check(history));
        return report;
    }

    public static IEnumerable<IGrouping<string, Operation>> KeyHistories(IReadOnlyList<Operation> history) =>
        history.Where(Searched).GroupBy(o => o.Key!);

    /// <summary>Whether the linearizability search takes this operation into account.</summary>
    public static bool Searched(Operation op) =>
        op.Key is not null && op.Type != OpType.Fail && !op.Local && (!op.IsRead || op.IsOk);

    public static LinearizabilityResult CheckKey(string key, IReadOnlyList<Operation> operations, long stepBudget = LinearizabilityChecker.DefaultStepBudget)
    {
        if (key.StartsWith("printer:", StringComparison.Ordinal))
            return LinearizabilityChecker.Check(key, new PrinterModel(), operations, stepBudget);
        if (key.StartsWith("filament:", StringComparison.Ordinal))
            return LinearizabilityChecker.Check(key, new FilamentModel(operations), operations, stepBudget);
        throw new ArgumentException($"no model for key {key}");
    }

    private static CheckResult Linearizability(IReadOnlyList<Operation> history, long stepBudget, List<LinearizabilityResult> failures)
    {
        var result = new CheckResult(LinearizableName);
        var keys = 0;
        var operations = 0;
        long steps = 0;
        var largest = 0;
        foreach (var group in KeyHistories(history))
        {
            var ops = group.OrderBy(o => o.InvokeNs).ToList();
            keys++;
            operations += ops.Count;
            largest = Math.Max(largest, ops.Count);
            var verdict = CheckKey(group.Key, ops, stepBudget);
            steps += verdict.Steps;
            switch (verdict.Outcome)
            {
                case LinearizabilityOutcome.NotLinearizable:
                    failures.Add(verdict);
                    result.Violation(verdict.Explain());
                    break;
                case LinearizabilityOutcome.Unknown:
                    result.Inconclusive.Add($"key {group.Key}: gave up after {verdict.Steps} steps ({ops.Count} operations)");
                    break;
            }
        }
        result.Scope = $"{keys} keys, {operations} operations, at most {largest} per key, {steps} search steps";
        return result;
    }
}
