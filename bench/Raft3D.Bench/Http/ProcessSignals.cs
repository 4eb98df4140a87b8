using System.Diagnostics;
using System.Globalization;

namespace Raft3D.Bench.Http;

/// <summary>Stopping a server process the way an operator's service manager does.</summary>
public static class ProcessSignals
{
    /// <summary>
    /// SIGTERM, as systemd stops a service, then waits for the process to exit; past timeout it
    /// is killed with SIGKILL and this throws. Returns how long the process took to stop.
    /// </summary>
    public static async Task<TimeSpan> TerminateAsync(Process process, string name, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{name} did not stop within {timeout.TotalSeconds:0} s of SIGTERM (killed)");
        }
        return clock.Elapsed;
    }
}
