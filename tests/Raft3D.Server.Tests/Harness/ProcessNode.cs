using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Harness;

/// <summary>
/// One node as a real process of the server program (dotnet Raft3D.Server.dll), so that a test
/// can kill -9 it. Its stderr is kept for the failure message of a node that would not start.
/// </summary>
public sealed class ProcessNode : IAsyncDisposable
{
    private readonly StringBuilder _stderr = new();
    private readonly string _root;
    private Process? _process;

    public ProcessNode(string id, string root)
    {
        Id = id;
        _root = root;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Id { get; }

    public int HttpPort { get; } = FreePorts.Next();

    public int RaftPort { get; } = FreePorts.Next();

    public string HttpAddress => $"127.0.0.1:{HttpPort}";

    public string RaftAddress => $"127.0.0.1:{RaftPort}";

    public string LogFile => Path.Combine(_root, "logs", Id + ".log");

    public HttpClient Http { get; }

    public bool IsRunning => _process is { HasExited: false };

    public string Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    /// <summary>Starts the process with the common flags plus extra ones; returns once it serves /health/ready.</summary>
    public async Task StartAsync(params string[] extra)
    {
        _process = Launch(extra);
        await Eventually.True(async () =>
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Id} exited with {_process.ExitCode}: {Stderr}");
            return (await Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), () => $"{Id} to be ready ({Stderr})");
    }

    /// <summary>Runs the program to its exit (a refused start) and returns its exit code and stderr.</summary>
    public async Task<(int Exit, string Stderr)> RunToExitAsync(params string[] extra)
    {
        _process = Launch(extra);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        // The asynchronous stderr readers finish after the exit; this waits for them.
        _process.WaitForExit();
        return (_process.ExitCode, Stderr);
    }

    private Process Launch(string[] extra)
    {
        if (IsRunning) throw new InvalidOperationException($"{Id} is already running");
        lock (_stderr) _stderr.Clear();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Raft3D.Server.dll"));
        foreach (var arg in (string[])["-id", Id, "-http", HttpAddress, "-raft", RaftAddress, "-data", Path.Combine(_root, "data"),
                     "-logs", Path.Combine(_root, "logs"), "-console-level", "warn", "-file-level", "info", .. extra])
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>kill -9: no shutdown, nothing flushed beyond what the journal already fsync'd.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>SIGTERM, and waits for the clean exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        process.Dispose();
    }

    public Task<Answer> PostAsync(string path, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return SendAsync(request);
    }

    /// <summary>
    /// A write that must succeed, as a careful client makes it: a 503 (no leader yet, or a leader
    /// lost mid-write on a loaded machine) is retried with the same Idempotency-Key, so it applies once.
    /// </summary>
    public Task<Answer> WriteAsync(string path, string json) => WriteAsync(path, json, Guid.NewGuid().ToString("N"));

    private Task<Answer> WriteAsync(string path, string json, string key) => Eventually.Get(async () =>
    {
        var answer = await PostAsync(path, json, key);
        return answer.Status == HttpStatusCode.ServiceUnavailable ? null : answer;
    }, TimeSpan.FromSeconds(30), () => $"POST {path} on {Id} to be answered other than 503");

    public Task<Answer> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    private async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var started = DateTime.UtcNow;
            using var response = await Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text,
                response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
                DateTime.UtcNow - started);
        }
    }

    public async Task<JsonElement> StatusAsync() => await Http.GetFromJsonAsync<JsonElement>("/cluster/status");

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
    }
}
