using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>
/// A configuration takes effect as soon as it is in a server's log (thesis §4.1), committed or
/// not. When the leader that appended one loses leadership before it commits, the servers that
/// hold it and those that do not must still be able to elect a leader between them. Both cases
/// were found by the simulation as clusters that never elected a leader again.
/// </summary>
public sealed class MembershipDeadlockTests
{
    private static readonly RaftOptions Options = new() { ElectionTicks = 10, HeartbeatTicks = 2 };

    /// <summary>
    /// Voter a promotes learner d; d never receives the entry, and a, cut off from d, steps down
    /// (check-quorum). Only a holds the promotion, so only a can win, and in its configuration it
    /// needs d's vote. A learner that refused every vote left the cluster without a leader for
    /// good; like etcd's learners (TestLearnerCanVote) d must answer.
    /// </summary>
    [Fact]
    public void A_learner_promoted_by_an_entry_it_lacks_still_votes_for_the_server_that_holds_it()
    {
        var configuration = ManualCluster.Configuration("a") with { Learners = ManualCluster.Configuration("d").Voters };
        var cluster = ManualCluster.Bootstrapped(Options, configuration);
        cluster.DeliverAll();
        var a = cluster["a"];
        Assert.Equal(RaftRole.Leader, a.Role);

        cluster.Isolated.Add("d");
        var (promotion, rejection) = a.ProposeConfiguration(MembershipRules.Promote(a.Configuration, "d"));
        Assert.Null(rejection);
        cluster.Flush("a");
        cluster.DeliverAll();
        cluster.Tick("a", 2 * Options.ElectionTicks);
        Assert.NotEqual(RaftRole.Leader, a.Role);
        Assert.Equal(RaftRole.Learner, cluster["d"].Role);

        cluster.Isolated.Clear();
        cluster.Run(200, () => a.Role == RaftRole.Leader && a.CommitIndex >= promotion);
        Assert.Equal(RaftRole.Leader, a.Role);
        Assert.True(a.CommitIndex >= promotion);
    }

    /// <summary>
    /// Leader a removes itself from {a, b}; b never receives the entry and a steps down. b cannot
    /// win: its configuration still needs a's vote, and a's log is longer. a holds the removal,
    /// so a is the one that must campaign (in its configuration {b}) and commit it (thesis §4.2.2:
    /// a server not in its latest configuration should still start elections until it commits).
    /// </summary>
    [Fact]
    public void A_server_removed_by_an_uncommitted_entry_still_campaigns_and_commits_its_removal()
    {
        var cluster = ManualCluster.Bootstrapped(Options, "a", "b");
        var a = cluster.ElectLeader("a");

        cluster.Isolated.Add("b");
        var (removal, rejection) = a.ProposeConfiguration(MembershipRules.Remove(a.Configuration, "a")!);
        Assert.Null(rejection);
        cluster.Flush("a");
        cluster.DeliverAll();
        cluster.Tick("a", 3 * Options.ElectionTicks);
        Assert.NotEqual(RaftRole.Leader, a.Role);

        cluster.Isolated.Clear();
        var b = cluster["b"];
        cluster.Run(300, () => b.Role == RaftRole.Leader && b.CommitIndex >= removal);
        Assert.Equal(RaftRole.Leader, b.Role);
        Assert.True(b.CommitIndex >= removal);
        Assert.Equal(["b"], b.Configuration.Voters.Select(v => v.Id));
        Assert.NotEqual(RaftRole.Leader, a.Role);
    }

    /// <summary>
    /// The other side of the previous case, found by the simulation without pre-vote and
    /// check-quorum: c holds its own removal, but the cluster committed it without telling c (no
    /// one replicates to a removed server). Real elections by c, whose log is behind, could never
    /// win, yet each raised the term and deposed the leader. c asks for pre-votes instead.
    /// </summary>
    [Fact]
    public void A_server_whose_removal_it_has_not_seen_committed_campaigns_with_pre_votes_only()
    {
        var options = Options with { PreVote = false, CheckQuorum = false };
        var cluster = ManualCluster.Bootstrapped(options, "a", "b", "c");
        var a = cluster.ElectLeader("a");
        cluster.Isolated.Add("b");
        var (removal, rejection) = a.ProposeConfiguration(MembershipRules.Remove(a.Configuration, "c")!);
        Assert.Null(rejection);
        cluster.Flush("a");
        cluster.DeliverAll();
        var c = cluster["c"];
        Assert.Equal(removal, c.ConfigurationIndex);
        Assert.True(c.CommitIndex < removal);

        cluster.Isolated.Clear();
        cluster.Isolated.Add("c");
        cluster.Run(3 * options.ElectionTicks, () => a.CommitIndex >= removal);
        Assert.True(a.CommitIndex >= removal);
        a.Propose([[1], [2]]);
        cluster.Flush("a");
        cluster.DeliverAll();

        cluster.Isolated.Clear();
        var term = a.Term;
        cluster.Run(10 * options.ElectionTicks);
        Assert.Equal(RaftRole.Leader, a.Role);
        Assert.Equal(term, a.Term);
        Assert.Equal(term, c.Term);
    }
}
