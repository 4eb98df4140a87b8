using Raft3D.Consensus.Hosting;

namespace Raft3D.Server.Api;

/// <summary>
/// The one place RaftNode's outcomes become HTTP answers when Raft did not do what was asked:
/// 503 with Retry-After for no leader or an outcome nobody can know yet, 429 for a full queue,
/// 409 for a refused change. Endpoints answer their successes themselves.
/// </summary>
public static class RaftResults
{
    /// <summary>A write that was not applied (an applied one is the farm's answer: <see cref="WriteResults"/>).</summary>
    public static IResult NotApplied(HttpContext context, ProposeOutcome outcome, int retryAfterSeconds) => outcome switch
    {
        ProposeOutcome.NoLeader noLeader => Problems.Result(context, 503, "No leader",
            $"the cluster has no leader or no quorum right now ({noLeader.Reason}); nothing was applied: retry after {retryAfterSeconds} s",
            retryAfterSeconds: retryAfterSeconds),
        ProposeOutcome.OutcomeUnknown unknown => Problems.Result(context, 503, "Outcome unknown",
            $"the write may or may not have been applied ({unknown.Reason}); retry with the same {IdempotencyKeyHeader.Name} to get its outcome without applying it twice",
            retryAfterSeconds: retryAfterSeconds),
        ProposeOutcome.Overloaded overloaded => Problems.Result(context, 429, "Too many writes waiting",
            $"the leader is at its bound on waiting writes ({overloaded.Reason}); nothing was applied: retry after {retryAfterSeconds} s",
            retryAfterSeconds: retryAfterSeconds),
        _ => throw new InvalidOperationException($"{outcome} is not a write that failed"),
    };

    /// <summary>A read no leader confirmed: a local read is still possible.</summary>
    public static IResult ReadNotServed(HttpContext context, string reason, int retryAfterSeconds) =>
        Problems.Result(context, 503, "No leader",
            $"{reason}; retry after {retryAfterSeconds} s, or read this node's possibly stale state with ?consistency=local",
            retryAfterSeconds: retryAfterSeconds);

    /// <summary>A membership change that did not end in a configuration.</summary>
    public static IResult MembershipNotDone(HttpContext context, MembershipOutcome outcome, int retryAfterSeconds) => outcome switch
    {
        MembershipOutcome.Rejected rejected => Problems.Result(context, 409, "Membership change refused", rejected.Reason),
        MembershipOutcome.NoLeader noLeader => NoLeader(context, noLeader.Reason, retryAfterSeconds),
        MembershipOutcome.OutcomeUnknown unknown => Problems.Result(context, 503, "Outcome unknown",
            $"{unknown.Reason}; check GET /cluster/status before retrying", retryAfterSeconds: retryAfterSeconds),
        _ => throw new InvalidOperationException($"{outcome} is not a membership change that failed"),
    };

    /// <summary>A leadership transfer that did not end with a new leader.</summary>
    public static IResult TransferNotDone(HttpContext context, TransferOutcome outcome, string? field, int retryAfterSeconds) => outcome switch
    {
        TransferOutcome.Rejected rejected => Problems.Result(context, 409, "Transfer refused", rejected.Reason, field),
        TransferOutcome.NoLeader noLeader => NoLeader(context, noLeader.Reason, retryAfterSeconds),
        TransferOutcome.OutcomeUnknown unknown => Problems.Result(context, 503, "Outcome unknown",
            $"{unknown.Reason}; check GET /cluster/status", retryAfterSeconds: retryAfterSeconds),
        _ => throw new InvalidOperationException($"{outcome} is not a transfer that failed"),
    };

    /// <summary>A snapshot that was not saved: the log is kept either way.</summary>
    public static IResult SnapshotNotTaken(HttpContext context, SnapshotOutcome outcome, int retryAfterSeconds) => outcome switch
    {
        SnapshotOutcome.Failed failed => Problems.Result(context, 500, "Snapshot failed", $"saving the snapshot failed: {failed.Reason}; the log is kept"),
        SnapshotOutcome.NoAnswer noAnswer => NoLeader(context, noAnswer.Reason, retryAfterSeconds),
        _ => throw new InvalidOperationException($"{outcome} is not a snapshot that failed"),
    };

    /// <summary>503 "No leader": nothing happened, retry later.</summary>
    public static IResult NoLeader(HttpContext context, string reason, int retryAfterSeconds) =>
        Problems.Result(context, 503, "No leader", $"{reason}; retry after {retryAfterSeconds} s", retryAfterSeconds: retryAfterSeconds);
}
