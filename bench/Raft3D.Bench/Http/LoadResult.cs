namespace Raft3D.Bench.Http;

/// <summary>
/// What a load run measured. Latency counts from the intended send time in open-loop runs;
/// Service (open loop only) counts from the actual send, to show how much was queueing.
/// Dropped arrivals (open loop, over the in-flight cap) are also counted as errors.
/// </summary>
public sealed record LoadResult(LatencyRecorder Latency, LatencyRecorder? Service, long Dropped, TimeSpan Duration);
