using System.Diagnostics;
using System.Net;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Hosting;

/// <summary>The real program in its own process: starts, serves, and shuts down cleanly on SIGTERM.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private readonly List<int> _started = [];

    /// <summary>A failed assertion must not leave a node running past its test.</summary>
    public void Dispose()
    {
        foreach (var pid in _started)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Already gone (the Process objects themselves are disposed by the tests' using).
            }
        }
        _folder.Dispose();
    }

    [Fact]
    public async Task Sigterm_shuts_the_node_down_cleanly_and_a_restart_resumes_from_disk()
    {
        var httpPort = FreePorts.Next();
        var raftPort = FreePorts.Next();
        string[] args = ["-id", "proc1", "-http", $"127.0.0.1:{httpPort}", "-raft", $"127.0.0.1:{raftPort}",
            "-data", _folder.Combine("data"), "-logs", _folder.Combine("logs"), "-console-level", "warn"];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(5) };

        using (var first = Start([.. args, "-bootstrap"]))
        {
            await WaitReadyAsync(http, first);
            var created = await http.PostAsync("/api/v1/printers", new StringContent("""{"id":"kept","company":"Prusa","model":"MK4"}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            // The dashboard comes from the assembly, whatever the working directory.
            Assert.Contains("/dashboard/app.js", await http.GetStringAsync("/"));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/dashboard/app.js")).StatusCode);
            // An open event stream must not hold the shutdown (Kestrel would wait 15 s for it).
            using var events = await http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
            var clock = Stopwatch.StartNew();
            await StopAsync(first);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(14), $"SIGTERM took {clock.Elapsed.TotalSeconds:0.0} s with an event stream open");
        }
        var log = await File.ReadAllTextAsync(_folder.Combine("logs", "proc1.log"));
        Assert.Contains("Node proc1 shutting down", log);

        using var second = Start(args);
        await WaitReadyAsync(http, second);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/printers/kept")).StatusCode);
        await StopAsync(second);
        // Neither a bootstrapping node nor one resuming from its data needs the hint below.
        Assert.DoesNotContain(NoClusterHint, await File.ReadAllTextAsync(_folder.Combine("logs", "proc1.log")));
    }

    private const string NoClusterHint = "belongs to no cluster yet";

    [Fact]
    public async Task A_new_node_with_neither_bootstrap_nor_join_says_in_its_log_what_to_do()
    {
        var httpPort = FreePorts.Next();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(5) };
        using var node = Start(["-id", "lonely", "-http", $"127.0.0.1:{httpPort}", "-raft", $"127.0.0.1:{FreePorts.Next()}",
            "-data", _folder.Combine("data"), "-logs", _folder.Combine("logs"), "-console-level", "warn"]);
        var log = _folder.Combine("logs", "lonely.log");

        await Eventually.True(async () => File.Exists(log) && (await ReadSharedAsync(log)).Contains(NoClusterHint, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the hint in the node's log");
        // The Raft actor may still be recovering its journal when the hint is logged (3-4 s on a
        // loaded machine): until it answers, /health/ready can outlast the client's timeout.
        await Eventually.True(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(30), "the lonely node to answer 503 not ready");
        await StopAsync(node);
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private Process Start(string[] args)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "Raft3D.Server.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder.Path };
        info.ArgumentList.Add(server);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        _started.Add(process.Id);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Task WaitReadyAsync(HttpClient http, Process process) => Eventually.True(async () =>
    {
        Assert.False(process.HasExited, $"the node exited with {(process.HasExited ? process.ExitCode : 0)}");
        return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
    }, TimeSpan.FromSeconds(30), "the node to be ready");

    private static async Task StopAsync(Process process)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, process.ExitCode);
    }
}
