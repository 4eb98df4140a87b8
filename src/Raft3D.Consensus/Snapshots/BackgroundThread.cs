namespace Raft3D.Consensus.Snapshots;

/// <summary>
/// Runs long CPU work (serialising a snapshot or a backup of a large state) on a thread of its
/// own, at the node's priority but paced to a share of one core (<see cref="CpuPacer"/>): on a
/// busy host heartbeats, journal writes and requests keep the rest, and a snapshot that takes a
/// second longer costs nothing where a heartbeat that waits a second costs an election. Not on
/// the thread pool, whose threads serve requests and must not sleep.
/// </summary>
public static class BackgroundThread
{
    /// <summary>
    /// Runs work on a new thread that holds itself to cpuPercent (1-100) of one core wherever
    /// the work calls <see cref="CpuPacer.Pace"/>, and completes with its result or exception.
    /// </summary>
    public static Task<T> Run<T>(string name, int cpuPercent, Func<T> work)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cpuPercent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cpuPercent, 100);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            CpuPacer.Install(cpuPercent);
            try
            {
                completion.SetResult(work());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        })
        {
            Name = name,
            IsBackground = true,
        };
        thread.Start();
        return completion.Task;
    }
}
