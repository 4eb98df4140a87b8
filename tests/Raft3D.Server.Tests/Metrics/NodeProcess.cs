using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Raft3D.Server.Tests.Metrics;

/// <summary>
/// One node as its own process (dotnet Raft3D.Server.dll): in one process, every node's
/// meters would be visible to every other node's exporter, so /metrics is tested this way.
/// </summary>
public sealed class NodeProcess(string id, int httpPort, int raftPort, string root, string configFile) : IDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Id { get; } = id;

    public string HttpAddress => $"127.0.0.1:{httpPort}";

    public string RaftAddress => $"127.0.0.1:{raftPort}";

    public HttpClient Http { get; } = new() { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the process printed, for failure messages.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public void Start()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "Raft3D.Server.dll"), "-id", Id, "-http", HttpAddress, "-raft", RaftAddress,
                     "-data", Path.Combine(root, "data"), "-logs", Path.Combine(root, "logs"), "-console-level", "warn", "-config", configFile, "-bootstrap"])
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>kill -9: the node stops at once, as in a crash.</summary>
    public void Kill()
    {
        if (_process is not { } process) return;
        _process = null;
        if (!process.HasExited) process.Kill();
        process.WaitForExit(10_000);
        process.Dispose();
    }

    public async Task<string> MetricsAsync() => await Http.GetStringAsync("/metrics");

    public void Dispose()
    {
        Kill();
        Http.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Id} ({HttpAddress})");
}
