namespace Raft3D.Bench.Http;

/// <summary>
/// One kill -9 of the leader under write load. ElectionMs: until a surviving node reports
/// itself leader; FirstWriteMs: until the first write sent after the kill succeeded. Failed and
/// Unknown count the load's requests over the whole round; writes acknowledged in the round are
/// the load's successes. LongestUnknownMs: the longest a load request waited for its "outcome
/// unknown" answer.
/// </summary>
public sealed record FailoverRound(
    int Round,
    string Killed,
    string NewLeader,
    double ElectionMs,
    double FirstWriteMs,
    long Succeeded,
    long Failed,
    long Unknown,
    double LongestUnknownMs,
    long ProbesFailed,
    long ProbesUnknown,
    string Load);
