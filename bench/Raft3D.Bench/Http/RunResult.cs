namespace Raft3D.Bench.Http;

/// <summary>
/// One measured run: a scenario at one concurrency (closed loop) or arrival rate (open loop),
/// through the leader, the followers or every node; latencies in milliseconds.
/// </summary>
public sealed record RunResult(
    string Scenario,
    string Loop,
    string Via,
    int? Clients,
    int? Rate,
    double Seconds,
    long Succeeded,
    double PerSecond,
    double P50,
    double P90,
    double P99,
    double Max,
    double Mean,
    long Errors,
    long Unknown,
    long Dropped,
    double? ServiceP50,
    double? ServiceP99,
    string LoadBefore,
    string LoadAfter,
    string? Note = null)
{
    public static RunResult From(string scenario, string via, int? clients, int? rate, LoadResult result, string loadBefore, string? note = null)
    {
        var s = result.Latency.Summarize(result.Duration);
        var service = result.Service?.Summarize(result.Duration);
        return new RunResult(scenario, rate is null ? "closed" : "open", via, clients, rate, result.Duration.TotalSeconds, s.Succeeded, s.PerSecond,
            s.P50, s.P90, s.P99, s.Max, s.Mean, s.Errors, s.Unknown, result.Dropped, service?.P50, service?.P99, loadBefore, LoadAverage.Now(), note);
    }
}
