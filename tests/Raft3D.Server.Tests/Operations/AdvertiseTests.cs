using System.Net;
using System.Text.Json;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Operations;

/// <summary>
/// SPEC §5: nodes bound to 0.0.0.0 tell peers and clients their -advertise-* addresses, and
/// -join takes a DNS name. (A joining node once sent its bound 0.0.0.0 as its Raft address:
/// the leader's messages to it were dropped and it never became a member.)
/// </summary>
public sealed class AdvertiseTests : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<TestNode> _nodes = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        _folder.Dispose();
    }

    private TestNode Node(string id)
    {
        var node = new TestNode(id, FreePorts.Next(), FreePorts.Next(), _folder.Path, null) { BindAll = true };
        _nodes.Add(node);
        return node;
    }

    [Fact]
    public async Task Nodes_bound_to_every_interface_join_by_dns_name_and_advertise_their_addresses()
    {
        var a = Node("a");
        await a.StartAsync("-bootstrap");
        var b = Node("b");
        await b.StartAsync("-join", $"localhost:{a.HttpPort}");

        await Eventually.True(async () =>
        {
            var members = (await a.StatusAsync()).GetProperty("members").EnumerateArray().ToList();
            return members.Count == 2 && members.All(m => m.GetProperty("voter").GetBoolean());
        }, TimeSpan.FromSeconds(60), "b to join a as a voter");
        foreach (var member in (await b.StatusAsync()).GetProperty("members").EnumerateArray())
        {
            var node = _nodes.Single(n => n.Id == member.GetProperty("id").GetString());
            Assert.Equal(node.RaftAddress, member.GetProperty("raft_address").GetString());
            Assert.Equal(node.HttpAddress, member.GetProperty("http_address").GetString());
        }
        (await b.PostAsync("/api/v1/printers", """{"id":"p1","company":"Prusa","model":"MK4"}""")).Is(HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Object, (await a.GetAsync("/api/v1/printers/p1")).Is(HttpStatusCode.OK).ValueKind);
    }
}
