using System.Diagnostics;

namespace Raft3D.Chaos.Cluster;

/// <summary>
/// One Raft3D.Server process: started with `dotnet Raft3D.Server.dll -id ... -data ... -logs ...`
/// (inside its network namespace when there is one), killed with SIGKILL, paused with SIGSTOP
/// and resumed with SIGCONT, restarted from its data with the same flags but no -bootstrap.
/// Its console goes to OUT/ID.out; the node's own log is LOGS/ID.log. A process that ends
/// without being killed or stopped here raises <see cref="ExitedByItself"/> (see <see cref="NodeSupervisor"/>).
/// </summary>
public sealed class NodeProcess(int number, string host, int httpPort, int raftPort, string root, string serverDll, string configFile, string[] execPrefix,
    ClusterSecurity? security = null)
{
    private readonly object _gate = new();
    private Process? _process;
    private StreamWriter? _out;
    private IDisposable? _cleanup;
    private bool _bootstrap;
    private IReadOnlyList<string>? _join;

    /// <summary>Set by a kill or stop from here (the process is meant to be down), cleared by a start.</summary>
    private bool _held;

    public int Number { get; } = number;

    public string Id { get; } = $"node{number}";

    public string Host { get; } = host;

    public string HttpAddress { get; } = $"{host}:{httpPort}";

    public string RaftAddress { get; } = $"{host}:{raftPort}";

    public Uri BaseUri { get; } = new($"{security?.Scheme ?? "http"}://{host}:{httpPort}");

    /// <summary>DATA/ID: the node's own data folder.</summary>
    public string DataDirectory => Path.Combine(root, "data", Id);

    public string LogFile => Path.Combine(root, "logs", Id + ".log");

    public string OutFile => Path.Combine(root, "out", Id + ".out");

    /// <summary>How many times the process was started (0 before the first start).</summary>
    public int Incarnation { get; private set; }

    public bool IsPaused { get; private set; }

    public bool IsRunning
    {
        get
        {
            lock (_gate) return _process is { HasExited: false };
        }
    }

    /// <summary>The process ended on its own (not killed or stopped through this object): the node, its exit code, its incarnation.</summary>
    public event Action<NodeProcess, int, int>? ExitedByItself;

    public int? Pid
    {
        get
        {
            lock (_gate) return _process is { HasExited: false } p ? p.Id : null;
        }
    }

    /// <summary>Starts the node from its data; with join, -clean -join those HTTP addresses (a wiped node rejoining as a new member).</summary>
    public void Start(bool bootstrap, IReadOnlyList<string>? join = null)
    {
        lock (_gate)
        {
            if (_process is { HasExited: false }) throw new InvalidOperationException($"{Id} is already running");
            Launch(bootstrap, join, clean: join is { Count: > 0 });
        }
    }

    /// <summary>Starts the node from its data unless it is running (no race with an automatic restart); false if it was running.</summary>
    public bool StartIfStopped()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false }) return false;
            Launch(bootstrap: false, join: null, clean: false);
            return true;
        }
    }

    /// <summary>
    /// What a service manager does after a failure: starts incarnation's process again with the
    /// same flags, less -clean (a one-off wipe; -bootstrap and -join are ignored once the node
    /// has data). Does nothing (false) if the node was started, killed or stopped since.
    /// </summary>
    public bool Restart(int incarnation)
    {
        lock (_gate)
        {
            if (_held || Incarnation != incarnation || _process is { HasExited: false }) return false;
            Launch(_bootstrap, _join, clean: false);
            return true;
        }
    }

    private void Launch(bool bootstrap, IReadOnlyList<string>? join, bool clean)
    {
        lock (_gate)
        {
            Directory.CreateDirectory(Path.Combine(root, "out"));
            _out?.Dispose();
            _out = new StreamWriter(OutFile, append: true) { AutoFlush = true };
            _out.WriteLine($"---- start {Incarnation + 1} at {DateTime.UtcNow:O}");
            var file = execPrefix.Length > 0 ? execPrefix[0] : "dotnet";
            var start = new ProcessStartInfo(file)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = false,
                WorkingDirectory = root,
            };
            foreach (var a in execPrefix.Skip(1)) start.ArgumentList.Add(a);
            if (execPrefix.Length > 0) start.ArgumentList.Add("dotnet");
            string[] args =
            [
                serverDll, "-id", Id, "-http", HttpAddress, "-raft", RaftAddress,
                "-data", Path.Combine(root, "data"), "-logs", Path.Combine(root, "logs"),
                "-config", configFile, "-console-level", "warn", "-file-level", "info",
            ];
            foreach (var a in args) start.ArgumentList.Add(a);
            if (bootstrap) start.ArgumentList.Add("-bootstrap");
            if (clean) start.ArgumentList.Add("-clean");
            if (join is { Count: > 0 })
            {
                start.ArgumentList.Add("-join");
                start.ArgumentList.Add(string.Join(",", join));
            }
            if (security is not null)
            {
                foreach (var a in security.NodeFlags(Id, Host)) start.ArgumentList.Add(a);
            }
            // Keep each node small on a shared 2-core machine.
            start.Environment["DOTNET_gcServer"] = "0";
            start.Environment["DOTNET_TieredPGO"] = "0";
            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            var incarnation = Incarnation + 1;
            process.Exited += (_, _) => OnExited(process, incarnation);
            var writer = _out;
            process.OutputDataReceived += (_, e) => ProcessLog.Write(writer, e.Data);
            process.ErrorDataReceived += (_, e) => ProcessLog.Write(writer, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            _bootstrap = bootstrap;
            _join = join;
            _held = false;
            IsPaused = false;
            Incarnation = incarnation;
            _cleanup ??= Cleanup.Register(ForceKill);
        }
    }

    private void OnExited(Process process, int incarnation)
    {
        int code;
        lock (_gate)
        {
            if (process != _process || _held) return;
            code = process.ExitCode;
        }
        ExitedByItself?.Invoke(this, code, incarnation);
    }

    /// <summary>Marks the node as meant to be down and returns its process.</summary>
    private Process? Hold()
    {
        lock (_gate)
        {
            _held = true;
            return _process;
        }
    }

    /// <summary>kill -9, and waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        var process = Hold();
        if (process is null || process.HasExited) return;
        Posix.Signal(process.Id, Posix.SigKill);
        await WaitExitAsync(process, TimeSpan.FromSeconds(30));
        IsPaused = false;
    }

    public void Pause()
    {
        if (Pid is { } pid && Posix.Signal(pid, Posix.SigStop)) IsPaused = true;
    }

    public void Resume()
    {
        if (Pid is { } pid) Posix.Signal(pid, Posix.SigCont);
        IsPaused = false;
    }

    /// <summary>SIGTERM (the node shuts down cleanly), then SIGKILL past the grace time.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        var process = Hold();
        if (process is null || process.HasExited) return;
        Posix.Signal(process.Id, Posix.SigCont);
        Posix.Signal(process.Id, Posix.SigTerm);
        if (!await WaitExitAsync(process, grace)) await KillAsync();
    }

    private static async Task<bool> WaitExitAsync(Process process, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return process.HasExited;
        }
    }

    /// <summary>Last resort at exit: the process must not outlive the run.</summary>
    public void ForceKill()
    {
        lock (_gate)
        {
            _held = true;
            if (_process is { HasExited: false } p) Posix.Signal(p.Id, Posix.SigKill);
        }
    }

    public void Release()
    {
        ForceKill();
        _cleanup?.Dispose();
        _cleanup = null;
        lock (_gate)
        {
            _process?.Dispose();
            _process = null;
            if (_out is { } w)
            {
                lock (w) w.Dispose();
            }
            _out = null;
        }
    }
}
