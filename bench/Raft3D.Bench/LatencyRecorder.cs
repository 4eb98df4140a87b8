using System.Diagnostics;

namespace Raft3D.Bench;

/// <summary>Collects request latencies and reports throughput and percentiles.</summary>
public sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];
    private readonly Lock _lock = new();
    private long _errors;

    public void Record(long startTimestamp)
    {
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
        lock (_lock) _milliseconds.Add(elapsed);
    }

    public void Error() => Interlocked.Increment(ref _errors);

    public string Report(string name, TimeSpan duration)
    {
        double[] sorted;
        lock (_lock) sorted = [.. _milliseconds.Order()];
        double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        return $"{name,-34} {sorted.Length / duration.TotalSeconds,10:0} ops/s  p50 {P(0.50),7:0.00} ms  p90 {P(0.90),7:0.00} ms  " +
               $"p99 {P(0.99),7:0.00} ms  max {(sorted.Length == 0 ? double.NaN : sorted[^1]),7:0.00} ms  errors {_errors}";
    }
}
