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
    double? NodeCpuMicrosPerRequest,
    double? BenchCpuMicrosPerRequest,
    string? Note = null)
{
    /// <summary>
    /// CPU per answered request, of the three nodes together and of the load generator: on a
    /// shared machine it moves much less with other work than requests/s does.
    /// </summary>
    public static RunResult From(string scenario, string via, int? clients, int? rate, LoadResult result, string loadBefore,
        CpuUse? cpu, string? note = null)
    {
        var requests = (double)(result.Latency.Histogram.Count + result.Latency.Errors + result.Latency.Unknown);
        var s = result.Latency.Summarize(result.Duration);
        var service = result.Service?.Summarize(result.Duration);
        return new RunResult(scenario, rate is null ? "closed" : "open", via, clients, rate, result.Duration.TotalSeconds, s.Succeeded, s.PerSecond,
            s.P50, s.P90, s.P99, s.Max, s.Mean, s.Errors, s.Unknown, result.Dropped, service?.P50, service?.P99, loadBefore, LoadAverage.Now(),
            cpu?.Nodes is { } nodes && requests > 0 ? nodes.TotalMicroseconds / requests : null,
            cpu is not null && requests > 0 ? cpu.Bench.TotalMicroseconds / requests : null,
            note);
    }
}
