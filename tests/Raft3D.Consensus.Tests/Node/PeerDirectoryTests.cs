using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>Where a peer's messages go: by the configuration's address, else back to the sender.</summary>
public sealed class PeerDirectoryTests
{
    private readonly List<string> _resolved = [];

    private PeerDirectory<string> NewDirectory() => new(address =>
    {
        _resolved.Add(address);
        return $"ref:{address}";
    });

    [Fact]
    public void A_member_is_resolved_once_per_address()
    {
        var peers = NewDirectory();
        var configuration = Configuration(("b", "akka.tcp://raft@b:1"));

        Assert.Equal("ref:akka.tcp://raft@b:1", peers.Find("b", configuration));
        Assert.Equal("ref:akka.tcp://raft@b:1", peers.Find("b", configuration));
        Assert.Equal("ref:akka.tcp://raft@b:2", peers.Find("b", Configuration(("b", "akka.tcp://raft@b:2")))); // it moved
        Assert.Equal(["akka.tcp://raft@b:1", "akka.tcp://raft@b:2"], _resolved);
    }

    [Fact]
    public void A_server_outside_the_configuration_is_reached_through_its_last_known_way()
    {
        var peers = NewDirectory();
        Assert.Null(peers.Find("d", ClusterConfiguration.Empty));
        peers.Heard("d", "sender-of-d");
        Assert.Equal("sender-of-d", peers.Find("d", ClusterConfiguration.Empty));

        // A member that left is still reached where it was, so that it hears of its removal.
        peers.Find("c", Configuration(("c", "akka.tcp://raft@c:1")));
        Assert.Equal("ref:akka.tcp://raft@c:1", peers.Find("c", ClusterConfiguration.Empty));
    }

    private static ClusterConfiguration Configuration(params (string Id, string Address)[] members) =>
        new(members.Select(m => new Member(m.Id, m.Address, $"http://{m.Id}")).ToArray(), []);
}
