using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Workload;

/// <summary>
/// What a careful client does when a write with an Idempotency-Key gets no clear answer (a
/// timeout, a broken connection, 503 "Outcome unknown"): send the very same request, same key,
/// to another node at once. The cluster must apply it exactly once and answer the retry with the
/// first outcome (SPEC §3); the checkers see both attempts in the history.
/// </summary>
public static class IdempotentRetry
{
    /// <summary>How many times one write is sent again after the first attempt.</summary>
    public const int MaxRetries = 2;

    /// <summary>Whether op's outcome is unknown and it carries a key, so resending it elsewhere is safe and worth it.</summary>
    public static bool ShouldRetry(Operation op) =>
        op.IdempotencyKey is not null && !op.IsRead && op.Type == OpType.Info && op.Error is "timeout" or "broken" or "outcome-unknown";

    /// <summary>A fresh operation with op's request (same key), to be sent to another node.</summary>
    public static Operation Resend(Operation op) => new()
    {
        Process = op.Process, Kind = op.Kind, Key = op.Key, PrinterId = op.PrinterId, FilamentId = op.FilamentId, JobId = op.JobId,
        Company = op.Company, Weight = op.Weight, Target = op.Target, IdempotencyKey = op.IdempotencyKey, Local = op.Local,
    };

    /// <summary>Another node than the one that left op's outcome unknown (the same one when there is no other).</summary>
    public static T OtherNode<T>(IReadOnlyList<T> nodes, Func<T, string> id, string tried, Random rng)
    {
        var others = nodes.Where(n => id(n) != tried).ToList();
        return others.Count == 0 ? nodes[rng.Next(nodes.Count)] : others[rng.Next(others.Count)];
    }
}
