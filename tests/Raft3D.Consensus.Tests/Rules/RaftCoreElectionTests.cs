using Raft3D.Consensus.Core;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>Elections in the core, driven by hand (Raft paper §5.2, §5.4.1; thesis §4.2.3, §6.2, §9.6).</summary>
public sealed class RaftCoreElectionTests
{
    private static readonly RaftOptions Defaults = new();

    [Fact]
    public void A_single_node_bootstrap_elects_itself_and_commits_once_its_log_is_durable()
    {
        var core = new RaftCore("a", Defaults, new Random(1), 0, null, new RaftLog(), ClusterConfiguration.Empty);

        Assert.True(core.Bootstrap(ManualCluster.Configuration("a")));

        Assert.Equal((RaftRole.Leader, 2L, "a"), (core.Role, core.Term, core.LeaderId));
        Assert.Equal(new LogEntry(2, 2, EntryKind.NoOp, LogEntry.Empty), core.Log.EntryAt(2));
        // §5.3 and thesis §10.2.1: the leader counts its own log only once it is durable.
        Assert.Equal(0, core.CommitIndex);
        var ready = core.TakeReady();
        // One write: the latest term and vote, then the configuration and the no-op.
        var events = JournalEvents.Of(ready);
        Assert.Equal([typeof(HardStateChanged), typeof(EntriesAppended)], events.Select(e => e.GetType()));
        Assert.Equal(new HardStateChanged(2, "a"), events[0]);
        Assert.Equal([1L, 2L], ((EntriesAppended)events[1]).Entries.Select(e => e.Index));
        Assert.Empty(ready.CommittedEntries);
        Assert.Equal((2L, 2L), ready.StableTo);

        core.OnStable(2, 2);

        Assert.Equal(2, core.CommitIndex);
        Assert.Equal([1L, 2L], core.TakeReady().CommittedEntries.Select(e => e.Index));
        Assert.False(core.Bootstrap(ManualCluster.Configuration("a"))); // state exists: no second bootstrap
    }

    [Theory]
    [InlineData("a", "b", false)] // §5.2: at most one vote per term
    [InlineData("a", "a", true)] // the same candidate asking again (a lost answer) gets the same vote
    public void A_vote_is_not_granted_to_two_candidates_in_one_term(string first, string second, bool secondGranted)
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        var voter = cluster["c"];

        voter.Step(new RequestVote(2, first, 1, 1, false, false));
        Assert.True(VoteAnswer(voter.TakeReady()).Granted);
        voter.Step(new RequestVote(2, second, 1, 1, false, false));

        Assert.Equal(secondGranted, VoteAnswer(voter.TakeReady()).Granted);
        Assert.Equal(first, voter.VotedFor);
    }

    [Fact]
    public void A_vote_is_answered_only_after_it_is_durable()
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        var voter = cluster["c"];

        voter.Step(new RequestVote(2, "a", 1, 1, false, false));

        // §5.2: a vote forgotten in a crash could be cast again in the same term.
        var ready = voter.TakeReady();
        Assert.Contains(new HardStateChanged(2, "a"), JournalEvents.Of(ready));
        Assert.DoesNotContain(ready.Messages, e => e.Message is RequestVoteResponse);
        Assert.Equal(new Envelope("a", new RequestVoteResponse(2, "c", true, false)), Assert.Single(ready.MessagesAfterPersist));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_candidate_asks_for_votes_only_after_its_own_vote_is_durable_and_pre_votes_at_once(bool preVote)
    {
        var cluster = ManualCluster.Bootstrapped(Defaults with { PreVote = preVote }, "a", "b", "c");
        var a = cluster["a"];
        Ready ready;
        do
        {
            a.Tick();
            ready = a.TakeReady();
        }
        while (a.Role == RaftRole.Follower);

        if (preVote)
        {
            // Thesis §9.6: a pre-vote changes no state, so there is nothing to wait for.
            Assert.Equal(RaftRole.PreCandidate, a.Role);
            Assert.False(ready.HasWrite);
            Assert.Equal(1, a.Term);
            Assert.All(ready.Messages, e => Assert.Equal(new RequestVote(2, "a", 1, 1, true, false), e.Message));
            Assert.Equal(2, ready.Messages.Count);
        }
        else
        {
            Assert.Equal(RaftRole.Candidate, a.Role);
            Assert.Equal([new HardStateChanged(2, "a")], JournalEvents.Of(ready));
            Assert.Empty(ready.Messages);
            Assert.All(ready.MessagesAfterPersist, e => Assert.Equal(new RequestVote(2, "a", 1, 1, false, false), e.Message));
            Assert.Equal(2, ready.MessagesAfterPersist.Count);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_candidate_with_a_stale_log_loses(bool preVote)
    {
        // a lacks entry 2 (term 2) that b and c hold: §5.4.1 says they must not elect it.
        var cluster = ManualCluster.WithLogs(Defaults with { PreVote = preVote }, ["a", "b", "c"], 2, [], [2], [2]);

        cluster.Campaign("a");

        Assert.NotEqual(RaftRole.Leader, cluster["a"].Role);
        Assert.DoesNotContain(cluster.Cores, c => c.Id != "a" && c.VotedFor == "a");
        // Someone with the entry wins instead.
        cluster.ElectLeader("b");
        Assert.Equal(2, cluster["b"].Log.TermAt(2));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void A_new_leader_appends_a_no_op_of_its_term_and_commits_it(int size)
    {
        var ids = Enumerable.Range(0, size).Select(i => ((char)('a' + i)).ToString()).ToArray();
        var cluster = ManualCluster.Bootstrapped(Defaults, ids);

        var leader = cluster.ElectLeader("a");

        // §5.4.2, §8: the no-op lets entries of earlier terms commit (here the configuration).
        var last = leader.Log.EntryAt(leader.Log.LastIndex);
        Assert.Equal((EntryKind.NoOp, leader.Term), (last.Kind, last.Term));
        Assert.Equal(last.Index, leader.CommitIndex);
        // Followers learn the commit index from the next AppendEntries or heartbeat (§5.3).
        cluster.Tick("a", Defaults.HeartbeatTicks);
        cluster.DeliverAll();
        Assert.All(cluster.Cores, c => Assert.Equal(last.Index, c.CommitIndex));
        Assert.All(cluster.Cores, c => Assert.Equal("a", c.LeaderId));
    }

    [Fact]
    public void A_rejoining_node_with_a_higher_pre_vote_term_does_not_disturb_a_healthy_leader()
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        var leader = cluster.ElectLeader("a");
        var term = leader.Term;
        var ticks = Defaults.ElectionTicks;

        // c is cut off long enough to time out several times; a and b carry on.
        cluster.Isolated.Add("c");
        var cCampaigned = false;
        for (var i = 0; i < 5 * ticks; i++)
        {
            foreach (var id in new[] { "a", "b", "c" }) cluster.Tick(id);
            cCampaigned |= cluster["c"].Role == RaftRole.PreCandidate;
            cluster.DeliverAll();
            // Thesis §9.6: pre-votes that fail leave the term alone.
            Assert.Equal(term, cluster["c"].Term);
        }
        Assert.True(cCampaigned);

        // Back: its pre-votes (term + 1) reach a and b, which heard from the leader recently and
        // ignore them (thesis §4.2.3); the leader's heartbeats bring c back as a follower.
        cluster.Isolated.Clear();
        for (var i = 0; i < 5 * ticks; i++)
        {
            foreach (var id in new[] { "a", "b", "c" }) cluster.Tick(id);
            cluster.DeliverAll();
            Assert.All(cluster.Cores, c => Assert.Equal(term, c.Term));
            Assert.Equal(RaftRole.Leader, leader.Role);
        }
        Assert.Equal((RaftRole.Follower, "a"), (cluster["c"].Role, cluster["c"].LeaderId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_follower_in_the_leader_lease_ignores_a_real_vote_request_with_a_higher_term(bool leadershipTransfer)
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        var term = cluster.ElectLeader("a").Term;
        var b = cluster["b"];

        // Without pre-vote, a server partitioned away comes back with an inflated term.
        b.Step(new RequestVote(term + 7, "c", 99, term, false, leadershipTransfer));

        var ready = b.TakeReady();
        if (leadershipTransfer)
        {
            // Thesis §3.10: the leader asked for this election; it is not disruptive.
            Assert.Equal(term + 7, b.Term);
            Assert.True(VoteAnswer(ready).Granted);
        }
        else
        {
            Assert.Equal((term, "a"), (b.Term, b.LeaderId));
            Assert.True(ready.IsEmpty);
        }
    }

    [Theory]
    [InlineData(true, RaftRole.Leader)]
    [InlineData(false, RaftRole.Follower)]
    public void Check_quorum_makes_a_leader_without_a_majority_step_down(bool followersReachable, RaftRole expected)
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        var leader = cluster.ElectLeader("a");
        var term = leader.Term;
        if (!followersReachable)
        {
            cluster.Isolated.Add("b");
            cluster.Isolated.Add("c");
        }

        // Thesis §6.2: activity is checked once per election timeout; a full timeout with no
        // answers from a majority (at most two checks) and the leader steps down.
        for (var i = 0; i < 2 * Defaults.ElectionTicks; i++)
        {
            cluster.Tick("a");
            cluster.DeliverAll();
        }

        Assert.Equal(expected, leader.Role);
        Assert.Equal(term, leader.Term); // stepping down needs no new term
        Assert.Equal(followersReachable ? "a" : null, leader.LeaderId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_vote_request_of_a_stale_term_is_refused_with_the_voters_term(bool preVote)
    {
        // §5.1 and Figure 2: the candidate learns the higher term from the refusal. Simulation
        // seed 10888 (5 nodes): without it, a candidate whose one possible voter campaigned in
        // ever higher terms, among a stale configuration that left the candidate out, trailed it
        // for good and the cluster never elected a leader.
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        var voter = cluster["c"];
        voter.Step(new RequestVote(5, "a", 1, 1, false, false));
        voter.TakeReady();

        voter.Step(new RequestVote(3, "b", 9, 1, preVote, false));

        var ready = voter.TakeReady();
        var answer = Assert.IsType<RequestVoteResponse>(Assert.Single(ready.Messages.Concat(ready.MessagesAfterPersist)).Message);
        Assert.Equal((5L, "c", false, preVote), (answer.Term, answer.From, answer.Granted, answer.PreVote));
        Assert.Equal((5L, "a"), (voter.Term, voter.VotedFor));
    }

    [Fact]
    public void A_vote_refused_for_a_stale_log_does_not_restart_the_voters_election_timer()
    {
        // §5.2, Figure 2: only the leader or a granted vote restarts a follower's timer.
        // Simulation seed 20588 (5 nodes, each its own election timeout): a voter whose log was
        // behind campaigned every few ticks in ever higher terms; the other voter, whose log was
        // ahead and whose timeout was longer, restarted its timer on each refused request and
        // never campaigned, so no leader was elected for 150 000 steps.
        var options = Defaults with { PreVote = false };
        var cluster = ManualCluster.WithLogs(options, ["a", "b", "c"], 2, [2], [2], []);
        var voter = cluster["b"];
        var stale = cluster["c"];

        var campaigned = false;
        for (var tick = 1; tick <= 4 * options.ElectionTicks && !campaigned; tick++)
        {
            // The stale candidate asks again, in a higher term, before the voter's timeout can run out.
            if (tick % (options.ElectionTicks - 1) == 0)
            {
                voter.Step(new RequestVote(voter.Term + 1, "c", stale.Log.LastIndex, stale.Log.LastTerm, false, false));
                Assert.Null(voter.VotedFor);
            }
            voter.Tick();
            voter.TakeReady();
            campaigned = voter.Role is RaftRole.Candidate;
        }

        Assert.True(campaigned, "the voter with the up-to-date log never campaigned");
    }

    private static RequestVoteResponse VoteAnswer(Ready ready) =>
        Assert.IsType<RequestVoteResponse>(Assert.Single(ready.MessagesAfterPersist).Message);
}
