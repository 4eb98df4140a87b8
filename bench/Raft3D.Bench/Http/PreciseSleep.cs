using System.Runtime.InteropServices;

namespace Raft3D.Bench.Http;

/// <summary>
/// Sub-millisecond sleeps for the open-loop dispatcher: Task.Delay and Thread.Sleep wake only
/// about every millisecond (later under load), which would add that much to every open-loop
/// latency. On Linux this calls usleep; elsewhere it falls back to Thread.Sleep.
/// </summary>
public static partial class PreciseSleep
{
    public static void For(TimeSpan span)
    {
        if (span <= TimeSpan.Zero) return;
        if (OperatingSystem.IsLinux())
        {
            _ = usleep((uint)Math.Max(1, span.TotalMicroseconds));
            return;
        }
        Thread.Sleep(span);
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int usleep(uint microseconds);
}
