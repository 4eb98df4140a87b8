using System.Diagnostics;

namespace Raft3D.Chaos.Cluster;

/// <summary>
/// Holds `BEGIN EXCLUSIVE` on a node's SQLite file from an sqlite3 process of its own, so every
/// journal write of the node waits on the lock and then fails past its busy timeout: a journal
/// stall as a slow or hung disk would cause. Disposing rolls back and ends the process.
/// </summary>
public sealed class SqliteLockHolder : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private SqliteLockHolder(Process process) => _process = process;

    /// <summary>Takes the lock (waiting up to timeout for the node's own transactions); null when it could not.</summary>
    public static async Task<SqliteLockHolder?> TakeAsync(string database, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("sqlite3")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(database);
        var process = Process.Start(start) ?? throw new InvalidOperationException("sqlite3 did not start");
        var holder = new SqliteLockHolder(process);
        try
        {
            await process.StandardInput.WriteLineAsync($".timeout {(int)timeout.TotalMilliseconds}");
            await process.StandardInput.WriteLineAsync("BEGIN EXCLUSIVE;");
            await process.StandardInput.WriteLineAsync("SELECT 'locked';");
            await process.StandardInput.FlushAsync(cancellationToken);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout + TimeSpan.FromSeconds(5));
            var line = await process.StandardOutput.ReadLineAsync(cts.Token);
            if (line == "locked") return holder;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        holder.Dispose();
        return null;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("ROLLBACK;");
                _process.StandardInput.WriteLine(".quit");
                _process.StandardInput.Flush();
                if (!_process.WaitForExit(5000)) _process.Kill();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            if (!_process.HasExited) _process.Kill();
        }
        _process.Dispose();
    }
}
