namespace Raft3D.Bench.SideBySide;

/// <summary>The p50 (ms) of 1-client writes in the first seconds after a cluster started.</summary>
public sealed record ColdStart(string System, double Seconds, double P50, long Writes);
