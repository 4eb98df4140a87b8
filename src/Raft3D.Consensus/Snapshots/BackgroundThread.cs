using System.Runtime.InteropServices;

namespace Raft3D.Consensus.Snapshots;

/// <summary>
/// Runs long CPU work (serialising a snapshot or a backup of a large state) on a thread of its
/// own at a lower scheduling priority, its Linux niceness. On a busy host the scheduler then
/// gives heartbeats, journal writes and requests the CPU first, and the snapshot the time left
/// over: a snapshot that takes a second longer costs nothing, a heartbeat that waits a second
/// costs an election. Not on the thread pool, whose threads would keep the niceness.
/// </summary>
public static class BackgroundThread
{
    /// <summary>Linux's lowest priority: niceness 19.</summary>
    public const int MaxNiceness = 19;

    /// <summary>
    /// Runs work on a new thread this much nicer than the caller (0: the same priority; the
    /// result is at most <see cref="MaxNiceness"/>) and completes with its result or exception.
    /// Where the niceness cannot be set (not Linux, or a sandbox that forbids it) the work runs
    /// at the caller's priority.
    /// </summary>
    public static Task<T> Run<T>(string name, int niceness, Func<T> work)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(niceness);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(niceness, MaxNiceness);
        // A Linux thread starts at its creator's niceness, and the thread pool may start a thread
        // on whichever thread hands it work: a nice thread that completed the task itself left
        // pool threads serving requests at its low priority for good (seen in a full test run).
        // So the nice thread only sets an event; the pool's wait thread, started by callers at
        // normal priority, completes the task.
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new ManualResetEvent(false);
        T? result = default;
        Exception? error = null;
        ThreadPool.RegisterWaitForSingleObject(done, (_, _) =>
        {
            done.Dispose();
            if (error is null) completion.SetResult(result!);
            else completion.SetException(error);
        }, null, Timeout.Infinite, executeOnlyOnce: true);
        var thread = new Thread(() =>
        {
            if (niceness > 0) TryRaiseNiceness(niceness);
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                error = e;
            }
            done.Set();
        })
        {
            Name = name,
            IsBackground = true,
        };
        thread.Start();
        return completion.Task;
    }

    /// <summary>The calling thread's niceness, or null where it cannot be read (not Linux).</summary>
    public static int? CurrentNiceness()
    {
        if (!OperatingSystem.IsLinux()) return null;
        // getpriority may return -1 as a niceness: errno tells it from a failure.
        Marshal.SetLastPInvokeError(0);
        var niceness = GetPriority(PriorityProcess, GetThreadId());
        return niceness == -1 && Marshal.GetLastPInvokeError() != 0 ? null : niceness;
    }

    private static void TryRaiseNiceness(int by)
    {
        // A new thread starts at its creator's niceness; on Linux "process" priority calls take
        // a thread id and change only that thread.
        if (CurrentNiceness() is { } now) SetPriority(PriorityProcess, GetThreadId(), Math.Min(MaxNiceness, now + by));
    }

    private const int PriorityProcess = 0;

    // DllImport: blittable ints only, so no marshalling code (and no unsafe) is generated.
    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    [DllImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static extern int GetPriority(int which, int who);

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
