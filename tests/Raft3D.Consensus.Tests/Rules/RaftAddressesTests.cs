using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Tests.Rules;

public sealed class RaftAddressesTests
{
    [Theory]
    [InlineData("raft3d", "127.0.0.1", 7001, false, "akka.tcp://raft3d@127.0.0.1:7001")]
    [InlineData("raft3d", "node2.example", 7002, true, "akka.ssl.tcp://raft3d@node2.example:7002")]
    public void A_raft_address_names_the_transport_the_system_and_the_endpoint(string system, string host, int port, bool tls, string expected) =>
        Assert.Equal(expected, RaftAddresses.Of(system, host, port, tls));

    [Theory]
    [InlineData("akka.tcp://raft3d@127.0.0.1:7001", "raft3d", "127.0.0.1", 7001)]
    [InlineData("akka.ssl.tcp://other@10.0.0.2:9000", "other", "10.0.0.2", 9000)]
    [InlineData("akka.tcp://raft3d@127.0.0.1", null, null, 0)]
    [InlineData("akka.tcp://raft3d", null, null, 0)]
    [InlineData("127.0.0.1:7001", null, null, 0)]
    [InlineData("akka://raft3d@127.0.0.1:7001", null, null, 0)]
    public void Parsing_gives_system_host_and_port_of_a_full_address_only(string address, string? system, string? host, int port)
    {
        var parsed = RaftAddresses.Parse(address);
        if (system is null) Assert.Null(parsed);
        else Assert.Equal((system, host!, port), parsed);
    }

    [Theory]
    [InlineData("akka.tcp://raft3d@h:1", true)]
    [InlineData("akka.ssl.tcp://raft3d@h:1", true)]
    [InlineData("h:1", false)]
    [InlineData("akka://raft3d@h:1", false)]
    public void Only_a_remote_transport_address_is_full(string address, bool full) => Assert.Equal(full, RaftAddresses.IsFull(address));
}
