using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>The cluster id: fixed at bootstrap, kept by every membership change, in the configuration's binary form.</summary>
public sealed class ClusterIdTests
{
    private static readonly Member A = new("a", "akka.tcp://raft3d@127.0.0.1:7001", "127.0.0.1:8081");
    private static readonly Member B = new("b", "akka.tcp://raft3d@127.0.0.1:7002", "127.0.0.1:8082");
    private static readonly Member C = new("c", "akka.tcp://raft3d@127.0.0.1:7003", "127.0.0.1:8083");

    [Fact]
    public void Nodes_bootstrapped_with_one_member_list_derive_one_id_whatever_its_order()
    {
        Assert.Equal(ClusterIds.FromMembers([A, B, C]), ClusterIds.FromMembers([C, A, B]));
        Assert.NotEqual(ClusterIds.FromMembers([A, B, C]), ClusterIds.FromMembers([A, B]));
        Assert.NotEqual(ClusterIds.FromMembers([A, B]), ClusterIds.FromMembers([A, B with { RaftAddress = "akka.tcp://raft3d@10.0.0.2:7002" }]));
    }

    [Fact]
    public void A_single_node_bootstrap_draws_a_new_id_each_time() => Assert.NotEqual(ClusterIds.New(), ClusterIds.New());

    [Fact]
    public void Every_membership_change_keeps_the_id()
    {
        var first = new ClusterConfiguration([A, B], []) { ClusterId = "c1" };

        var added = MembershipRules.AddLearner(first, C)!;
        var promoted = MembershipRules.Promote(added, "c");
        var removed = MembershipRules.Remove(promoted, "a")!;

        Assert.All(new[] { added, promoted, removed }, c => Assert.Equal("c1", c.ClusterId));
    }

    [Fact]
    public void The_id_survives_encoding_and_data_from_before_it_decodes_without_one()
    {
        var configuration = new ClusterConfiguration([A, B], [C]) { ClusterId = "c1" };
        Assert.Equal(configuration, ConfigurationCodec.Decode(ConfigurationCodec.Encode(configuration)));

        // The previous release's encoding ends after the learners.
        var withoutId = ConfigurationCodec.Encode(configuration with { ClusterId = "" });
        var previous = withoutId[..^1];
        var decoded = ConfigurationCodec.Decode(previous);
        Assert.Equal("", decoded.ClusterId);
        Assert.Equal(configuration.Voters, decoded.Voters);
    }
}
