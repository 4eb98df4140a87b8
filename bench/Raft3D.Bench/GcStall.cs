using System.Diagnostics;
using System.Runtime.InteropServices;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Bench;

/// <summary>
/// What a thread doing long CPU work (a snapshot's serialisation) does to the garbage
/// collections of its process on a host whose cores are all busy: the main thread allocates as
/// a node serving requests does while the worker runs an allocation-free loop, unpaced at the
/// node's priority, at Linux niceness 19, or paced by <see cref="CpuPacer"/>. Busy shell loops
/// (two per core, and two more) keep every core busy. Prints the collections, the time they
/// paused the process and the longest stall of the main thread.
/// </summary>
public static class GcStall
{
    public const string Usage = "gc-stall [SECONDS]   GC pauses beside a niced or paced worker on busy cores (default 10 s per variant)";

    public static void Run(int seconds)
    {
        var window = TimeSpan.FromSeconds(seconds);
        var hogs = Enumerable.Range(0, 2 * Environment.ProcessorCount + 2)
            .Select(_ => Process.Start(new ProcessStartInfo("sh", ["-c", "while :; do :; done"]))!).ToList();
        try
        {
            Console.WriteLine($"{hogs.Count} busy loops on {Environment.ProcessorCount} cores; {seconds} s per variant");
            Measure("no worker", window, null);
            Measure("worker at the node's priority, unpaced", window, () => Spin(paced: false));
            Measure("worker at niceness 19", window, () => { Renice(19); Spin(paced: false); });
            Measure("worker paced to 20 % of a core (CpuPacer)", window, () => Spin(paced: true), cpuPercent: 20);
        }
        finally
        {
            foreach (var hog in hogs) hog.Kill();
        }
    }

    private static volatile bool _running;

    private static void Measure(string name, TimeSpan window, Action? worker, int cpuPercent = 100)
    {
        _running = true;
        var work = worker is null ? Task.CompletedTask : BackgroundThread.Run("gc-stall", cpuPercent, () => { worker(); return 0; });
        var collections = GC.CollectionCount(0);
        var paused = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        var longest = TimeSpan.Zero;
        var kept = new List<byte[]>();
        while (clock.Elapsed < window)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < 100; i++)
            {
                kept.Add(new byte[1000]);
                if (kept.Count > 10_000) kept.Clear();
            }
            var took = Stopwatch.GetElapsedTime(started);
            if (took > longest) longest = took;
        }
        _running = false;
        work.Wait();
        var count = GC.CollectionCount(0) - collections;
        var pause = GC.GetTotalPauseDuration() - paused;
        Console.WriteLine($"  {name}: {count} collections, paused {pause.TotalMilliseconds:0} ms ({pause.TotalMilliseconds / Math.Max(1, count):0.0} ms each), longest stall {longest.TotalMilliseconds:0} ms");
    }

    private static void Spin(bool paced)
    {
        var data = new byte[1 << 16];
        long sum = 0;
        while (_running)
        {
            for (var i = 0; i < data.Length; i++) sum += data[i] * i;
            if (paced) CpuPacer.Pace();
        }
        GC.KeepAlive(sum);
    }

    private static void Renice(int niceness) => SetPriority(0, GetThreadId(), niceness);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);
}
