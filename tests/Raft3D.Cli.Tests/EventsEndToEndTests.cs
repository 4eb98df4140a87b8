using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Raft3D.Server.Hosting;
using Raft3D.Testing;

namespace Raft3D.Cli.Tests;

/// <summary>`raft3d events --follow` against a real node that restarts under it.</summary>
public sealed class EventsEndToEndTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raft3d-cli-events", Guid.NewGuid().ToString("N"));
    private readonly string _http = $"127.0.0.1:{FreePort()}";
    private readonly string _raft = $"127.0.0.1:{FreePort()}";
    private WebApplication? _node;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task StartNodeAsync()
    {
        _node = Raft3DApp.Build([
            "-id", "node1", "-bootstrap", "-http", _http, "-raft", _raft,
            "-data", Path.Combine(_folder, "data"), "-logs", Path.Combine(_folder, "logs"), "-console-level", "error",
        ]);
        await _node.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await RunAsync("cluster", "leader")).Exit != 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the node elected no leader within 30 s");
            await Task.Delay(50);
        }
    }

    public Task InitializeAsync() => StartNodeAsync();

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Raft3DCli.RunAsync(["--node", _http, .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The lines written so far; the writer is synchronised on itself, so reading under its lock is safe.</summary>
    private static string[] Lines(TextWriter writer, StringBuilder text)
    {
        lock (writer) return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Polls until the given number of lines are printed.</summary>
    private static async Task LinesAsync(TextWriter writer, StringBuilder text, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Lines(writer, text).Length < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{count} lines not printed within 30 s: {string.Join(" | ", Lines(writer, text))}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// A write just after the restart may find the node still busy on a loaded machine (503, or no
    /// answer in time): retried with the same Idempotency-Key, it is applied once whatever happened.
    /// </summary>
    private Task AddAfterRestartAsync(string id, string model)
    {
        var error = "";
        return Eventually.True(async () =>
        {
            var (exit, _, err) = await RunAsync("printers", "add", "--id", id, "--company", "Bambu", "--model", model, "--idempotency-key", $"add-{id}");
            error = err;
            return exit == 0;
        }, TimeSpan.FromSeconds(60), () => $"printer {id} added (last error: {error})", TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Follow_prints_each_change_once_and_resumes_after_the_node_restarts()
    {
        Assert.Equal(0, (await RunAsync("printers", "add", "--id", "before", "--company", "Prusa", "--model", "MK4")).Exit);
        var status = await RunAsync("--json", "cluster", "status");
        var since = System.Text.Json.JsonDocument.Parse(status.Out).RootElement.GetProperty("applied_index").GetInt64();
        var printed = new StringBuilder();
        var stdout = TextWriter.Synchronized(new StringWriter(printed));
        var errors = new StringBuilder();
        var stderr = TextWriter.Synchronized(new StringWriter(errors));
        var follow = Raft3DCli.RunAsync(["--node", _http, "events", "--follow", "--since", $"{since}", "--types", "printer", "--count", "4"],
            stdout, stderr);

        // Two changes, then the node restarts under the stream, then two more.
        Assert.Equal(0, (await RunAsync("printers", "add", "--id", "p1", "--company", "Prusa", "--model", "MK4")).Exit);
        Assert.Equal(0, (await RunAsync("printers", "add", "--id", "p2", "--company", "Prusa", "--model", "XL")).Exit);
        await LinesAsync(stdout, printed, 2);
        await Raft3DApp.DisposeQuietlyAsync(_node!);
        await StartNodeAsync();
        await AddAfterRestartAsync("p3", "X1");
        await AddAfterRestartAsync("p4", "P1S");

        var exit = await follow.WaitAsync(TimeSpan.FromSeconds(60));
        lock (stderr) Assert.True(exit == 0, $"events --follow exited {exit}: {errors}");
        var lines = Lines(stdout, printed);
        Assert.Equal(["p1", "p2", "p3", "p4"], lines.Select(l => l.Split(' ')[2]));
        Assert.All(lines, l => Assert.Contains(" printer.created ", l));
        lock (stderr) Assert.Contains("resuming after", errors.ToString());
    }

    public async Task DisposeAsync()
    {
        if (_node is not null) await Raft3DApp.DisposeQuietlyAsync(_node);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
