using System.Net;
using Microsoft.AspNetCore.Builder;
using Raft3D.Server.Hosting;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Harness;

/// <summary>A node in this process, a cluster of one started with extra HOCON, for the tests of one setting.</summary>
public sealed class ConfiguredNode : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private WebApplication? _app;

    private ConfiguredNode() { }

    public int HttpPort { get; } = FreePorts.Next();

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Starts the node with hocon in a -config file and waits until it is ready.</summary>
    public static async Task<ConfiguredNode> StartAsync(string hocon)
    {
        var node = new ConfiguredNode();
        var config = node._folder.Combine("node.conf");
        await File.WriteAllTextAsync(config, hocon);
        node._app = Raft3DApp.Build(["-id", "n1", "-bootstrap", "-http", $"127.0.0.1:{node.HttpPort}", "-raft", $"127.0.0.1:{FreePorts.Next()}",
            "-data", node._folder.Combine("data"), "-logs", node._folder.Combine("logs"), "-console-level", "error", "-config", config]);
        await node._app.StartAsync();
        node.Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.True(async () => (await node.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "the node to be ready");
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await Raft3DApp.DisposeQuietlyAsync(_app);
        }
        _folder.Dispose();
    }
}
