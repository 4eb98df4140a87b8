using System.Diagnostics;

namespace Raft3D.Bench;

/// <summary>
/// Collects request latencies (in a <see cref="LatencyHistogram"/>) and outcomes, and reports
/// throughput and percentiles. Errors are requests that definitely failed; unknown ones may or
/// may not have taken effect (a write whose answer was lost, timed out, or said so).
/// </summary>
public sealed class LatencyRecorder
{
    private long _errors;
    private long _unknown;

    public LatencyHistogram Histogram { get; } = new();

    public long Errors => Interlocked.Read(ref _errors);

    public long Unknown => Interlocked.Read(ref _unknown);

    /// <summary>A success that started at startTimestamp (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void Record(long startTimestamp) => Histogram.Record(Stopwatch.GetElapsedTime(startTimestamp));

    public void Record(TimeSpan latency) => Histogram.Record(latency);

    public void Error() => Interlocked.Increment(ref _errors);

    public void OutcomeUnknown() => Interlocked.Increment(ref _unknown);

    public LatencySummary Summarize(TimeSpan duration) => new(
        Histogram.Count,
        Histogram.Count / duration.TotalSeconds,
        Histogram.Percentile(0.50),
        Histogram.Percentile(0.90),
        Histogram.Percentile(0.99),
        Histogram.MaxMilliseconds,
        Histogram.MeanMilliseconds,
        Errors,
        Unknown);

    public string Report(string name, TimeSpan duration)
    {
        var s = Summarize(duration);
        return $"{name,-34} {s.PerSecond,10:0} ops/s  p50 {s.P50,7:0.00} ms  p90 {s.P90,7:0.00} ms  " +
               $"p99 {s.P99,7:0.00} ms  max {s.Max,7:0.00} ms  errors {s.Errors}";
    }
}
