using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>Learners (thesis §4.2.1) receive the log but never vote and never count for commit.</summary>
public sealed class LearnerTests
{
    private static readonly RaftOptions Options = new() { ElectionTicks = 10, HeartbeatTicks = 2 };

    /// <summary>The given voters and learner d, all bootstrapped with that configuration.</summary>
    private static ManualCluster WithLearner(params string[] voters)
    {
        var configuration = ManualCluster.Configuration(voters) with { Learners = ManualCluster.Configuration("d").Voters };
        var ids = voters.Append("d").ToArray();
        var cluster = new ManualCluster(Options, ids.Select(id => (id, 0L, new Log.RaftLog())));
        foreach (var id in ids)
        {
            cluster[id].Bootstrap(configuration);
            cluster.Flush(id);
        }
        return cluster;
    }

    [Fact]
    public void A_learner_never_campaigns()
    {
        var cluster = WithLearner("a", "b", "c");
        Assert.Equal(RaftRole.Learner, cluster["d"].Role);

        cluster.Tick("d", 20 * Options.ElectionTicks);
        Assert.Equal(RaftRole.Learner, cluster["d"].Role);
        Assert.DoesNotContain(cluster.InFlight, e => e.Message is RequestVote);
    }

    /// <summary>
    /// A learner answers votes like anyone (thesis §4.1: servers answer without consulting their
    /// configuration), since it may have been promoted by an entry it lacks; but a candidate whose
    /// configuration lists it as a learner does not count its vote.
    /// </summary>
    [Fact]
    public void A_learners_vote_does_not_count_for_a_candidate_that_knows_it_is_a_learner()
    {
        var cluster = WithLearner("a", "b", "c");
        cluster.Step("d", new RequestVote(5, "x", 10, 4, PreVote: false, LeadershipTransfer: false));
        Assert.True(Assert.IsType<RequestVoteResponse>(Assert.Single(cluster.Take(e => e.Message is RequestVoteResponse)).Message).Granted);

        // a campaigns with b and c cut off (it asks voters only); the learner's grant, had it
        // been asked, does not make up a majority with a's own.
        cluster = WithLearner("a", "b", "c");
        cluster.Isolated.UnionWith(["b", "c"]);
        cluster.Campaign("a");
        Assert.Equal(RaftRole.PreCandidate, cluster["a"].Role);
        cluster.Step("a", new RequestVoteResponse(cluster["a"].Term + 1, "d", Granted: true, PreVote: true));
        Assert.Equal(RaftRole.PreCandidate, cluster["a"].Role);
        Assert.NotEqual(RaftRole.Leader, cluster["a"].Role);
    }

    [Fact]
    public void A_learners_acknowledgement_does_not_count_towards_a_majority()
    {
        var cluster = WithLearner("a", "b");
        var leader = cluster.ElectLeader("a");
        var committed = leader.CommitIndex;

        // With b cut off, a and the learner d hold the entry: two of three servers, but only
        // one of two voters.
        cluster.Isolated.Add("b");
        leader.Propose([[42]]);
        cluster.Flush("a");
        cluster.DeliverAll();
        Assert.Equal(leader.Log.LastIndex, cluster["d"].Log.LastIndex);
        Assert.Equal(committed, leader.CommitIndex);

        cluster.Isolated.Remove("b");
        cluster.Tick("a", Options.HeartbeatTicks);
        cluster.DeliverAll();
        Assert.Equal(leader.Log.LastIndex, leader.CommitIndex);
    }
}
