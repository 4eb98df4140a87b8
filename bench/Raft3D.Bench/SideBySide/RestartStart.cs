namespace Raft3D.Bench.SideBySide;

/// <summary>
/// A follower restarted in a warm cluster (SIGTERM, start, serving after ToReady): the p50 (ms)
/// of 1-client writes through it over the first Seconds after, against the same writes just
/// before the restart.
/// </summary>
public sealed record RestartStart(string System, TimeSpan ToReady, double WarmP50, double Seconds, double P50, long Writes);
