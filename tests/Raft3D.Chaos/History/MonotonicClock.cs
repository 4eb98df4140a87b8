using System.Diagnostics;

namespace Raft3D.Chaos.History;

/// <summary>Nanoseconds since the clock was made, from the monotonic high-resolution timer (never the wall clock).</summary>
public sealed class MonotonicClock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public long NowNs => (long)((Stopwatch.GetTimestamp() - _start) * (1e9 / Stopwatch.Frequency));

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);
}
