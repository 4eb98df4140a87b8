using System.Diagnostics;
using Raft3D.Chaos.Cluster;

namespace Raft3D.Chaos.Releases;

/// <summary>
/// One node as an operator runs it: any program (a release's self-contained Raft3D.Server, or
/// `dotnet Raft3D.Server.dll` of a build), any flags, optionally inside a network namespace and
/// with nothing of this process's environment. Its console goes to OUT; kill -9 and SIGTERM.
/// </summary>
public sealed class ServerProcess(string id, string outFile)
{
    private Process? _process;
    private IDisposable? _cleanup;

    public string Id { get; } = id;

    public string OutFile { get; } = outFile;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts file with args; environment null keeps this process's, otherwise it is the whole environment.</summary>
    public void Start(IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        if (IsRunning) throw new InvalidOperationException($"{Id} is already running");
        Directory.CreateDirectory(Path.GetDirectoryName(OutFile)!);
        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
        if (environment is not null)
        {
            start.Environment.Clear();
            foreach (var (name, value) in environment) start.Environment[name] = value;
        }
        // Keep each node small on a shared machine.
        start.Environment["DOTNET_gcServer"] = "0";
        var writer = new StreamWriter(OutFile, append: true) { AutoFlush = true };
        writer.WriteLine($"---- {string.Join(' ', command)} at {DateTime.UtcNow:O}");
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => ProcessLog.Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => ProcessLog.Write(writer, e.Data);
        process.Exited += (_, _) => { lock (writer) writer.Dispose(); };
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        _cleanup ??= Cleanup.Register(ForceKill);
    }

    /// <summary>kill -9, and waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process) return;
        Posix.Signal(process.Id, Posix.SigKill);
        await WaitExitAsync(process, TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM (a clean shutdown, as systemctl stop does), then SIGKILL past the grace time.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { HasExited: false } process) return;
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

    public void ForceKill()
    {
        if (_process is { HasExited: false } p) Posix.Signal(p.Id, Posix.SigKill);
    }

    public void Release()
    {
        ForceKill();
        _cleanup?.Dispose();
        _cleanup = null;
        _process?.Dispose();
        _process = null;
    }
}
