using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Tests.Harness;

/// <summary>
/// One Raft3D node inside the test process, built exactly as the program builds it
/// (<see cref="Raft3DApp.Build(string[])"/>) and listening on real loopback ports.
/// </summary>
public sealed class TestNode(string id, int httpPort, int raftPort, string root, string? configFile) : IAsyncDisposable
{
    public string Id { get; } = id;

    public int HttpPort { get; } = httpPort;

    public int RaftPort { get; } = raftPort;

    public string HttpAddress => $"127.0.0.1:{HttpPort}";

    public string RaftAddress => $"127.0.0.1:{RaftPort}";

    public string DataRoot => Path.Combine(root, "data");

    public string LogFile => Path.Combine(root, "logs", Id + ".log");

    /// <summary>Listens on every interface (0.0.0.0) and advertises its loopback addresses with -advertise-*.</summary>
    public bool BindAll { get; init; }

    public WebApplication? App { get; private set; }

    public bool IsRunning => App is not null;

    public HttpClient Http { get; } = new() { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };

    public string[] Args(params string[] extra)
    {
        var args = new List<string>
        {
            "-id", Id, "-data", DataRoot, "-logs", Path.Combine(root, "logs"), "-console-level", "error", "-file-level", "info",
        };
        args.AddRange(BindAll
            ? ["-http", $"0.0.0.0:{HttpPort}", "-raft", $"0.0.0.0:{RaftPort}", "-advertise-http", HttpAddress, "-advertise-raft", RaftAddress]
            : ["-http", HttpAddress, "-raft", RaftAddress]);
        if (configFile is not null) args.AddRange(["-config", configFile]);
        args.AddRange(extra);
        return [.. args];
    }

    public async Task StartAsync(params string[] extra)
    {
        if (App is not null) throw new InvalidOperationException($"{Id} is already running");
        var app = Raft3DApp.Build(Args(extra));
        await app.StartAsync();
        App = app;
    }

    public async Task StopAsync()
    {
        if (App is not { } app) return;
        App = null;
        await app.StopAsync();
        await Raft3DApp.DisposeQuietlyAsync(app);
    }

    public async Task<JsonElement> StatusAsync() => await Http.GetFromJsonAsync<JsonElement>("/cluster/status");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
    }
}
