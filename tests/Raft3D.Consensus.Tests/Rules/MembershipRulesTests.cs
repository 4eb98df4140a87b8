using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Tests.Rules;

public sealed class MembershipRulesTests
{
    private static Member M(string id) => new(id, $"akka.tcp://raft3d@127.0.0.1:{id.GetHashCode() & 0xfff}", "");

    private static ClusterConfiguration Config(string voters, string learners = "") => new(
        voters.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(M).ToList(),
        learners.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(M).ToList());

    [Theory]
    [InlineData(10, 10, true, null)]
    [InlineData(10, 12, true, null)]
    [InlineData(11, 10, true, "still being committed")]
    [InlineData(10, 10, false, "not yet committed an entry of its term")]
    public void One_change_at_a_time_and_only_after_the_leader_committed_in_its_term(long configIndex, long commitIndex, bool committedInTerm, string? reason)
    {
        var rejection = MembershipRules.CannotChange(configIndex, commitIndex, committedInTerm);
        if (reason is null) Assert.Null(rejection);
        else Assert.Contains(reason, rejection);
    }

    [Fact]
    public void A_new_server_joins_as_a_learner_and_an_existing_one_changes_nothing()
    {
        var next = MembershipRules.AddLearner(Config("a,b,c"), M("d"))!;
        Assert.Equal(["a", "b", "c"], next.Voters.Select(v => v.Id));
        Assert.Equal(["d"], next.Learners.Select(v => v.Id));
        Assert.Null(MembershipRules.AddLearner(Config("a,b,c"), M("b")));
        Assert.Null(MembershipRules.AddLearner(Config("a,b", "d"), M("d")));
    }

    [Theory]
    [InlineData("a,b,c", "", "b", "a,c", "")]
    [InlineData("a,b,c", "d", "d", "a,b,c", "")]
    public void Remove_takes_a_voter_or_a_learner_out(string voters, string learners, string id, string expectedVoters, string expectedLearners)
    {
        var next = MembershipRules.Remove(Config(voters, learners), id)!;
        Assert.Equal(expectedVoters, string.Join(',', next.Voters.Select(v => v.Id)));
        Assert.Equal(expectedLearners, string.Join(',', next.Learners.Select(v => v.Id)));
        Assert.Null(MembershipRules.Remove(Config(voters, learners), "zz"));
    }

    [Fact]
    public void Promotion_moves_a_learner_to_the_voters()
    {
        var next = MembershipRules.Promote(Config("a,b,c", "d"), "d");
        Assert.Equal("a,b,c,d", string.Join(',', next.Voters.Select(v => v.Id)));
        Assert.Empty(next.Learners);
    }

    [Theory]
    // learner's match index, leader's last index, index of the configuration that added the learner, max lag
    [InlineData(100, 100, 90, 64, true)]
    [InlineData(36, 100, 30, 64, true)]
    [InlineData(35, 100, 30, 64, false)]
    [InlineData(0, 1000, 1, 64, false)]
    [InlineData(0, 5, 1, 64, false)]     // matched nothing yet: however short the log, not caught up
    [InlineData(96, 100, 97, 64, false)] // close, but without the entry that made it a learner
    [InlineData(97, 100, 97, 64, true)]
    public void A_learner_is_promoted_only_once_caught_up_and_holding_its_own_configuration(
        long match, long leaderLast, long configurationIndex, long maxLag, bool caughtUp) =>
        Assert.Equal(caughtUp, MembershipRules.CaughtUp(match, leaderLast, configurationIndex, maxLag));

    [Theory]
    // voters, learners, silent ids with their ticks, threshold, minimum voters, expected removal
    [InlineData("a,b,c,d,e", "", "b:100", 50, 3, "b")]
    [InlineData("a,b,c,d,e", "", "b:49", 50, 3, null)]
    [InlineData("a,b,c", "", "b:100", 50, 3, null)]       // would leave 2 voters < minimum 3
    [InlineData("a,b,c,d", "", "b:100,c:100", 50, 3, "b")] // one at a time
    [InlineData("a,b,c", "d", "d:100", 50, 3, "d")]        // a dead learner goes whatever the minimum
    [InlineData("a,b,c,d,e", "", "b:100", 0, 3, null)]     // autopilot off
    public void Autopilot_removes_a_dead_server_but_never_below_the_minimum_voters(
        string voters, string learners, string silence, int threshold, int minimum, string? expected)
    {
        var ticks = silence.Split(',').Select(p => p.Split(':')).ToDictionary(p => p[0], p => int.Parse(p[1]));
        Assert.Equal(expected, MembershipRules.DeadServerToRemove(Config(voters, learners), ticks, threshold, minimum));
    }
}
