using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>Learners are promoted once caught up (thesis §4.2.1), and not before.</summary>
public sealed class PromotionTests
{
    private static readonly RaftOptions Options = new() { ElectionTicks = 10, HeartbeatTicks = 2, PromoteWithinEntries = 64 };

    /// <summary>
    /// With a log shorter than PromoteWithinEntries, a learner that has matched nothing looked
    /// "within 64 entries" and was promoted on the leader's next tick, unreachable or not; as a
    /// voter with an empty log it then held up every commit of a one-voter cluster.
    /// </summary>
    [Fact]
    public void A_learner_that_never_answered_is_not_promoted_however_short_the_log()
    {
        var cluster = ManualCluster.Bootstrapped(Options, "a");
        var a = cluster["a"];
        Assert.Equal(RaftRole.Leader, a.Role);
        cluster.StartEmpty("d");
        cluster.Isolated.Add("d");
        a.ProposeConfiguration(MembershipRules.AddLearner(a.Configuration, ManualCluster.Configuration("d").Voters[0])!);
        cluster.Flush("a");

        cluster.Tick("a", Options.ElectionTicks / 2);
        cluster.DeliverAll();
        Assert.True(a.Configuration.IsLearner("d"));

        cluster.Isolated.Clear();
        cluster.Run(20, () => a.Configuration.IsVoter("d"));
        Assert.True(a.Configuration.IsVoter("d"));
        Assert.Equal(a.Log.LastIndex, cluster["d"].Log.LastIndex);
    }
}
