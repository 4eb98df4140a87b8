namespace Raft3D.Bench.SideBySide;

/// <summary>
/// One measured run of one shape on one system: latencies in ms, the nodes' CPU per request
/// (answered or not) in µs, and the leader's allocations per request in bytes where known.
/// </summary>
public sealed record Measurement(string System, LoadShape Shape, int Round, LatencySummary Summary, double CpuMicrosPerOp, double? AllocatedBytesPerOp);
