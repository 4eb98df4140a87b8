using System.Diagnostics;

namespace Raft3D.Consensus.Snapshots;

/// <summary>
/// Holds the thread it is installed on to a share of one core: after each slice of work it
/// sleeps so that work / (work + sleep) is the share. Long work that must not crowd out
/// heartbeats, journal writes and requests (serialising a large snapshot) calls
/// <see cref="Pace"/> as it goes; on any other thread that is a no-op.
/// </summary>
/// <remarks>
/// Sleeping, not a lower scheduling priority. A .NET thread of Linux niceness 19 running managed
/// code holds up every stop-the-world collection of its process while it waits for a core, as the
/// runtime must bring every thread to a safe point: on this project's 2-core host, with both
/// cores busy, a niced thread took the process's collections from about 11 ms to 59 ms each and
/// its longest stall from 134 to 854 ms (`Raft3D.Bench gc-stall`, docs/benchmarks.md), and a
/// leader that paused so lost its term. A sleeping thread is already at a safe point, and a
/// running one at the node's priority reaches one at once.
/// </remarks>
public sealed class CpuPacer
{
    /// <summary>How long the thread works before it sleeps: short enough for a heartbeat tick (50 ms) to pass unhindered.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(2);

    [ThreadStatic] private static CpuPacer? _current;

    private readonly int _percent;
    private long _sliceStarted = Stopwatch.GetTimestamp();

    private CpuPacer(int percent) => _percent = percent;

    /// <summary>
    /// Installs a pacer of percent (1-100) of one core on the calling thread, for the rest of
    /// its life; 100 installs none.
    /// </summary>
    public static void Install(int percent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        _current = percent < 100 ? new CpuPacer(percent) : null;
    }

    /// <summary>The share of one core the calling thread holds itself to, in percent; 100 where no pacer is installed.</summary>
    public static int CurrentPercent => _current?._percent ?? 100;

    /// <summary>Sleeps if the calling thread has a pacer and has worked a slice since it last slept.</summary>
    public static void Pace() => _current?.Step();

    /// <summary>How long to sleep after working for worked, to hold percent of one core.</summary>
    public static TimeSpan SleepAfter(TimeSpan worked, int percent) =>
        percent >= 100 ? TimeSpan.Zero : worked * (100 - percent) / percent;

    private void Step()
    {
        var worked = Stopwatch.GetElapsedTime(_sliceStarted);
        if (worked < Slice) return;
        Thread.Sleep(SleepAfter(worked, _percent));
        _sliceStarted = Stopwatch.GetTimestamp();
    }
}
