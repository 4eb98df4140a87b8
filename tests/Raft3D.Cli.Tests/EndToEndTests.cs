using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Raft3D.Server.Hosting;

namespace Raft3D.Cli.Tests;

/// <summary>The CLI against a real, bootstrapped single-node cluster in this process.</summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raft3d-cli-e2e", Guid.NewGuid().ToString("N"));
    private WebApplication? _node;
    private string _http = "";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task InitializeAsync()
    {
        _http = $"127.0.0.1:{FreePort()}";
        _node = Raft3DApp.Build([
            "-id", "node1", "-bootstrap", "-http", _http, "-raft", $"127.0.0.1:{FreePort()}",
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

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Raft3DCli.RunAsync(["--node", _http, .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Every_command_works_against_a_running_node()
    {
        var leader = await RunAsync("cluster", "leader");
        Assert.StartsWith("node1 ", leader.Out);
        Assert.Matches(@"node1\s+leader\s+voter", (await RunAsync("cluster", "show")).Out);
        Assert.Contains("\"node_id\":\"node1\"", (await RunAsync("--json", "cluster", "status")).Out);

        Assert.Equal(0, (await RunAsync("printers", "add", "--id", "p1", "--company", "Prusa", "--model", "MK4")).Exit);
        Assert.Equal(0, (await RunAsync("filaments", "add", "--id", "f1", "--type", "pla", "--color", "red", "--total", "1000")).Exit);
        Assert.Equal(0, (await RunAsync("jobs", "add", "--id", "j1", "--printer-id", "p1", "--filament-id", "f1", "--filepath", "a.gcode", "--weight", "400")).Exit);

        var refused = await RunAsync("jobs", "add", "--id", "j2", "--printer-id", "p1", "--filament-id", "f1", "--filepath", "b.gcode", "--weight", "700");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("600 g available", refused.Err);

        Assert.Equal(0, (await RunAsync("jobs", "start", "j1")).Exit);
        Assert.Equal(0, (await RunAsync("jobs", "done", "j1")).Exit);
        var cancel = await RunAsync("jobs", "cancel", "j1");
        Assert.Equal(1, cancel.Exit);
        Assert.Contains("Done", cancel.Err);

        Assert.Matches(@"f1\s+PLA\s+red\s+1000\s+600", (await RunAsync("filaments", "list")).Out);
        Assert.Matches(@"j1\s+p1\s+f1\s+a\.gcode\s+400\s+[Dd]one", (await RunAsync("jobs", "list", "--status", "done", "--consistency", "local")).Out);
        Assert.Equal(0, (await RunAsync("cluster", "snapshot")).Exit);
        var transfer = await RunAsync("cluster", "transfer-leadership");
        Assert.Equal(1, transfer.Exit);
        Assert.Contains("no other voter", transfer.Err);
    }

    public async Task DisposeAsync()
    {
        if (_node is not null) await Raft3DApp.DisposeQuietlyAsync(_node);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
