namespace Raft3D.Bench;

/// <summary>One run's figures: successful requests, their rate and latency percentiles (ms), and failures.</summary>
public sealed record LatencySummary(
    long Succeeded,
    double PerSecond,
    double P50,
    double P90,
    double P99,
    double Max,
    double Mean,
    long Errors,
    long Unknown);
