using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Raft3D.Server.Hosting;
using Raft3D.Testing;

namespace Raft3D.Cli.Tests;

/// <summary>The CLI against a real node with -api-keys and -tls-*: https:// addresses, --ca and --api-key.</summary>
public sealed class SecureEndToEndTests : IAsyncLifetime
{
    private const string AdminKey = "admin-key-0123456789abcdef";
    private const string ReadKey = "read-key-0123456789abcdef";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raft3d-cli-secure", Guid.NewGuid().ToString("N"));
    private WebApplication? _node;
    private string _url = "";
    private string _ca = "";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var keys = Path.Combine(_folder, "keys.txt");
        await File.WriteAllLinesAsync(keys, [$"{AdminKey} admin ops", $"{ReadKey} read viewer"]);
        var (cert, key, ca) = new TestCertificates("cli test CA").Write(Path.Combine(_folder, "tls"), "node1");
        _ca = ca;
        var http = $"127.0.0.1:{FreePort()}";
        _url = $"https://{http}";
        _node = Raft3DApp.Build([
            "-id", "node1", "-bootstrap", "-http", http, "-raft", $"127.0.0.1:{FreePort()}",
            "-data", Path.Combine(_folder, "data"), "-logs", Path.Combine(_folder, "logs"), "-console-level", "error",
            "-api-keys", keys, "-tls-cert", cert, "-tls-key", key, "-tls-ca", ca,
        ]);
        await _node.StartAsync();
        await Eventually.True(async () => (await RunAsync("--api-key", ReadKey, "--ca", _ca, "cluster", "leader")).Exit == 0,
            TimeSpan.FromSeconds(30), "the node to elect itself");
    }

    public async Task DisposeAsync()
    {
        if (_node is not null) await Raft3DApp.DisposeQuietlyAsync(_node);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Raft3DCli.RunAsync(["--node", _url, .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task The_cli_works_over_https_with_the_ca_and_a_key_of_the_right_role()
    {
        Assert.Matches(@"node1\s+leader\s+voter", (await RunAsync("--api-key", ReadKey, "--ca", _ca, "cluster", "show")).Out);
        var added = await RunAsync("--api-key", AdminKey, "--ca", _ca, "printers", "add", "--id", "p1", "--company", "Prusa", "--model", "MK4");
        Assert.True(added.Exit == 0, added.Err);
        Assert.Contains("MK4", (await RunAsync("--api-key", ReadKey, "--ca", _ca, "printers", "list")).Out);
    }

    [Fact]
    public async Task Without_a_key_a_weak_key_or_the_ca_the_cli_is_refused()
    {
        var noKey = await RunAsync("--ca", _ca, "printers", "list");
        Assert.Equal(1, noKey.Exit);
        Assert.Contains("401", noKey.Err);

        var weak = await RunAsync("--api-key", ReadKey, "--ca", _ca, "printers", "add", "--company", "Prusa", "--model", "MK4");
        Assert.Equal(1, weak.Exit);
        Assert.Contains("403", weak.Err);

        // The system's roots do not know this CA: the TLS handshake fails, as for an unreachable node.
        var noCa = await RunAsync("--api-key", ReadKey, "printers", "list");
        Assert.Equal(3, noCa.Exit);
    }
}
