using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>Members compact at points spread by their rank among the members' ids.</summary>
public sealed class CompactionRankTests
{
    [Theory]
    [InlineData("a", 0, 3)]
    [InlineData("c", 1, 3)]   // learners count: they compact too
    [InlineData("n10", 2, 3)] // ordinal order of ids, the same on every server
    [InlineData("z", 0, 3)]   // not a member (removed, or joining)
    public void A_servers_rank_is_its_place_among_every_members_id(string self, int rank, int members)
    {
        var configuration = new ClusterConfiguration([Member("n10"), Member("a")], [Member("c")]);
        Assert.Equal((rank, members), CompactionRank.Of(configuration, self));
    }

    private static Member Member(string id) => new(id, $"akka.tcp://raft@{id}:1", $"http://{id}");
}
