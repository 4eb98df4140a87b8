using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Checker;

/// <summary>
/// Exactly one effect per Idempotency-Key, however many times and to however many nodes the
/// request was sent: every attempt answered Ok tells the same outcome (one status code), and at
/// most one of them is the original (the others carry Idempotent-Replayed).
/// </summary>
public static class IdempotencyChecker
{
    public const string Name = "one effect per Idempotency-Key (retries on other nodes replay the first answer)";

    public static CheckResult Check(IReadOnlyList<Operation> history)
    {
        var result = new CheckResult(Name);
        var keys = 0;
        var retried = 0;
        foreach (var group in history.Where(o => o.IdempotencyKey is not null && !o.IsRead).GroupBy(o => o.IdempotencyKey!))
        {
            keys++;
            var attempts = group.OrderBy(o => o.InvokeNs).ToList();
            if (attempts.Count > 1) retried++;
            var answered = attempts.Where(o => o.IsOk).ToList();
            var statuses = answered.Select(o => o.Http).Distinct().ToList();
            if (statuses.Count > 1)
                result.Violation($"key {group.Key}: attempts answered {string.Join(" and ", statuses)}: {string.Join("; ", answered)}");
            var originals = answered.Where(o => !o.Replayed).ToList();
            if (originals.Count > 1 && originals.Any(o => o.Http is >= 200 and < 300))
                result.Violation($"key {group.Key}: {originals.Count} attempts applied (none replayed): {string.Join("; ", originals)}");
        }
        result.Scope = $"{keys} keys, {retried} sent more than once";
        return result;
    }
}
