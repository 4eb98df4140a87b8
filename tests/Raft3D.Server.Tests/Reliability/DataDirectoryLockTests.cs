using System.Net;
using Raft3D.Server.Hosting;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Reliability;

/// <summary>Two nodes can never open one data directory, and -clean cannot wipe a running node's data.</summary>
public sealed class DataDirectoryLockTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private readonly int _httpPort = FreePorts.Next();
    private readonly int _raftPort = FreePorts.Next();

    private string[] Args(params string[] extra) => Args(_httpPort, _raftPort, extra);

    private string[] Args(int httpPort, int raftPort, params string[] extra) =>
    [
        "-id", "n1", "-http", $"127.0.0.1:{httpPort}", "-raft", $"127.0.0.1:{raftPort}",
        "-data", _folder.Combine("data"), "-logs", _folder.Combine("logs"), "-console-level", "error", .. extra,
    ];

    [Theory]
    [InlineData]
    [InlineData("-clean")]
    public async Task A_second_node_on_a_running_nodes_data_exits_1_with_one_line_and_leaves_the_data_alone(params string[] extra)
    {
        var first = Raft3DApp.Build(Args("-bootstrap"));
        await first.StartAsync();
        try
        {
            var database = _folder.Combine("data", "n1", "raft.db");
            var before = new FileInfo(database).Length;

            var stderr = new StringWriter();
            var code = await Raft3DApp.RunAsync(Args(FreePorts.Next(), FreePorts.Next(), extra), TextWriter.Null, stderr);

            Assert.Equal(1, code);
            var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"-data: {_folder.Combine("data", "n1")} is in use by another running node", line);
            Assert.True(File.Exists(database));
            Assert.True(new FileInfo(database).Length >= before);
        }
        finally
        {
            await first.StopAsync();
            await Raft3DApp.DisposeQuietlyAsync(first);
        }
    }

    [Fact]
    public async Task The_lock_is_released_when_the_node_stops_so_it_restarts_on_its_data()
    {
        var first = Raft3DApp.Build(Args("-bootstrap"));
        await first.StartAsync();
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}") })
        {
            // Bootstrapped and written before it stops, so the restart has a cluster to resume.
            await Eventually.True(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(30), "the first node to be ready");
        }
        await first.StopAsync();
        await Raft3DApp.DisposeQuietlyAsync(first);

        var second = Raft3DApp.Build(Args());
        await second.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}") };
            var last = "";
            await Eventually.True(async () =>
            {
                var ready = await http.GetAsync("/health/ready");
                last = await ready.Content.ReadAsStringAsync();
                return ready.StatusCode == HttpStatusCode.OK;
            }, TimeSpan.FromSeconds(30), () => $"the restarted node to be ready (last: {last})");
        }
        finally
        {
            await second.StopAsync();
            await Raft3DApp.DisposeQuietlyAsync(second);
        }
    }
}
