using Raft3D.Server.Cluster;

namespace Raft3D.Server.Tests.Cluster;

/// <summary>Which joins are refused with 409 before they reach the log.</summary>
public sealed class JoinRulesTests
{
    [Theory]
    [InlineData("c1", "", null, false)]         // a new node without data
    [InlineData("c1", "", false, false)]        // a learner without data: a retry of its join in progress
    [InlineData("c1", null, true, false)]       // an operator re-adding a voter by hand: a no-op, not judged
    [InlineData("c1", "c1", true, false)]       // a voter with this cluster's data: a retry, a no-op
    [InlineData("c1", "c1", null, false)]       // removed earlier, kept its data: it may come back
    [InlineData("c1", "", true, true)]          // a voter that lost its data (-clean -join under its old id)
    [InlineData("c1", "c2", null, true)]        // another cluster's data
    [InlineData("c1", "c2", true, true)]
    [InlineData(null, "c2", null, false)]       // this cluster's data predates cluster ids: nothing to compare
    public void A_join_is_refused_for_another_clusters_data_or_a_voter_without_its_data(string? clusterId, string? joinerClusterId, bool? existingVoter, bool refused)
    {
        var refusal = JoinRules.Refusal(clusterId, "node4", joinerClusterId, existingVoter);

        Assert.Equal(refused, refusal is not null);
        if (refusal is not null) Assert.Contains("node4", refusal);
    }
}
