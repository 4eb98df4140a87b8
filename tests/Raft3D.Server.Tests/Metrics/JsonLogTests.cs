using System.Net;
using System.Text.Json;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Metrics;

/// <summary>raft3d.node.log-format = json: every line of the node's log file is one JSON event.</summary>
public sealed class JsonLogTests : IDisposable
{
    private readonly TempFolder _folder = new("raft3d-jsonlog");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task With_log_format_json_every_log_line_is_a_compact_JSON_event_without_request_bodies()
    {
        var config = _folder.Combine("json.conf");
        await File.WriteAllTextAsync(config, "raft3d.node.log-format = json\n");
        await using (var node = new TestNode("json1", FreePorts.Next(), FreePorts.Next(), _folder.Path, config))
        {
            await node.StartAsync("-bootstrap");
            await Eventually.True(async () => (await node.GetAsync("/health/ready")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the node to be ready");
            (await node.PostAsync("/api/v1/printers", """{"id":"p1","company":"SecretCompany","model":"MK4"}""")).Is(HttpStatusCode.Created);
        }

        var lines = (await File.ReadAllLinesAsync(_folder.Combine("logs", "json1.log"))).Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var entry = JsonDocument.Parse(line).RootElement;
            Assert.True(entry.TryGetProperty("@t", out _), line);
            Assert.True(entry.TryGetProperty("@mt", out _), line);
            Assert.Equal("json1", entry.GetProperty("NodeId").GetString());
            Assert.DoesNotContain("SecretCompany", line);
        }
        Assert.Contains(lines, l => l.Contains("serving HTTP", StringComparison.Ordinal));
    }
}
