using System.Diagnostics;

namespace Raft3D.Bench.Http;

/// <summary>One Raft3D server process started by the bench: node i listens on the base ports + i.</summary>
public sealed class NodeProcess(string id, string httpAddress, string raftAddress, string serverDll, string workingDirectory, string runFolder, string? config,
    IReadOnlyList<string> environment, IReadOnlyList<string> securityFlags)
{
    private Process? _process;

    public string Id { get; } = id;

    public string HttpAddress { get; } = httpAddress;

    public string RaftAddress { get; } = raftAddress;

    public bool IsRunning => _process is { HasExited: false };

    public int? Pid => IsRunning ? _process!.Id : null;

    /// <summary>CPU time the process has used so far (user and system), zero when it is not running.</summary>
    public TimeSpan CpuTime()
    {
        if (!IsRunning) return TimeSpan.Zero;
        try
        {
            _process!.Refresh();
            return _process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero; // exited meanwhile
        }
    }

    public string OutputFile => Path.Combine(runFolder, "out", $"{Id}.out");

    /// <summary>Starts the node; extra is -bootstrap, -join ADDR, or nothing for a restart from its data.</summary>
    public void Start(params string[] extra)
    {
        if (IsRunning) throw new InvalidOperationException($"{Id} is already running");
        Directory.CreateDirectory(Path.GetDirectoryName(OutputFile)!);
        var arguments = new List<string>
        {
            serverDll, "-id", Id, "-http", HttpAddress, "-raft", RaftAddress,
            "-data", Path.Combine(runFolder, "data"), "-logs", Path.Combine(runFolder, "logs"), "-console-level", "warn",
        };
        if (config is not null) arguments.AddRange(["-config", config]);
        arguments.AddRange(securityFlags);
        arguments.AddRange(extra);
        // exec through the shell, so the process we hold (and kill -9) is the server itself and
        // its output goes to a file without a pipe to drain.
        var command = "exec dotnet " + string.Join(' ', arguments.Select(Quote)) + " >>" + Quote(OutputFile) + " 2>&1";
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        foreach (var variable in environment)
        {
            var equals = variable.IndexOf('=');
            if (equals <= 0) throw new ArgumentException($"--node-env {variable}: use NAME=VALUE");
            start.Environment[variable[..equals]] = variable[(equals + 1)..];
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Id}");
    }

    /// <summary>
    /// SIGTERM, as systemd stops a node, then waits for the process to exit; past timeout it is
    /// killed with SIGKILL and this throws. Returns how long the node took to stop.
    /// </summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan timeout)
    {
        if (!IsRunning) throw new InvalidOperationException($"{Id} is not running");
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Id} did not stop within {timeout.TotalSeconds:0} s of SIGTERM (killed)");
        }
        return clock.Elapsed;
    }

    /// <summary>kill -9: no shutdown, no flush (.NET sends SIGKILL).</summary>
    public void Kill()
    {
        if (!IsRunning) return;
        _process!.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
