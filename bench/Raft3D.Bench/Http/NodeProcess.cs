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

    /// <summary>Starts the node on its data and waits until /health/ready answers 200: how long that took.</summary>
    public async Task<TimeSpan> StartUntilReadyAsync(ClusterClient client, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        Start();
        await client.WaitAsync(timeout, $"{Id} to be ready", async () =>
        {
            if (!IsRunning) throw new InvalidOperationException($"{Id} exited: see {OutputFile}");
            return await client.IsReadyAsync(HttpAddress);
        });
        return clock.Elapsed;
    }

    /// <summary>SIGTERM, then the wait for the node to exit (<see cref="ProcessSignals.TerminateAsync"/>).</summary>
    public Task<TimeSpan> TerminateAsync(TimeSpan timeout) =>
        IsRunning ? ProcessSignals.TerminateAsync(_process!, Id, timeout) : throw new InvalidOperationException($"{Id} is not running");

    /// <summary>kill -9: no shutdown, no flush (.NET sends SIGKILL).</summary>
    public void Kill()
    {
        if (!IsRunning) return;
        _process!.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
