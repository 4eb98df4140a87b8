using Raft3D.Consensus.Core;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>Log replication and commitment in the core, driven by hand (Raft paper §5.3, §5.4.2).</summary>
public sealed class RaftCoreReplicationTests
{
    private static readonly RaftOptions Defaults = new();

    [Fact]
    public void A_follower_acknowledges_entries_only_after_they_are_durable()
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        var follower = cluster["c"];
        var noOp = new LogEntry(2, 2, EntryKind.NoOp, LogEntry.Empty);

        follower.Step(new AppendEntries(2, "a", 1, 1, [noOp], 1, 7));

        // §5.3: the leader counts this answer towards a majority, so it promises durability.
        var ready = follower.TakeReady();
        Assert.Equal(["HardState(term 2, vote -)", "Appended(2@2 NoOp)"], Journal.Describe(JournalEvents.Of(ready)));
        Assert.Equal((2L, 2L), ready.StableTo);
        Assert.Empty(ready.Messages);
        var answer = Assert.IsType<AppendEntriesResponse>(Assert.Single(ready.MessagesAfterPersist).Message);
        Assert.Equal((true, 2L, 7L), (answer.Success, answer.MatchIndex, answer.Session));
        Assert.Equal(1, follower.CommitIndex); // the leader's commit, as far as our log matches it
    }

    [Fact]
    public void A_leader_never_commits_an_entry_of_an_earlier_term_by_counting_replicas()
    {
        // a and b hold entry 2 of term 2; c does not. a becomes leader of term 3 (Figure 8).
        var cluster = ManualCluster.WithLogs(Defaults, ["a", "b", "c"], 2, [2], [2], []);
        cluster.Campaign("a", drop: e => e.Message is AppendEntries);
        var leader = cluster["a"];
        Assert.Equal((RaftRole.Leader, 3L), (leader.Role, leader.Term));
        Assert.Equal(3, leader.DurableIndex); // its no-op (3, 3) is durable

        // Everyone now holds entry 2, a majority even, but it is of term 2: no commit.
        Acknowledge(leader, "b", 2);
        Acknowledge(leader, "c", 2);
        Assert.Equal(0, leader.CommitIndex);

        // Once the no-op of term 3 is on a majority, it commits, and everything before it.
        Acknowledge(leader, "b", 3);
        Assert.Equal(3, leader.CommitIndex);
        cluster.Flush("a");
        Assert.Equal([1L, 2L, 3L], cluster.Applied["a"].Select(e => e.Index));
    }

    [Fact]
    public void A_conflicting_suffix_is_truncated_by_a_journal_event_before_the_new_entries()
    {
        // b holds entries 2 and 3 of term 2 that the leader of term 3 does not have.
        var cluster = ManualCluster.WithLogs(Defaults, ["a", "b", "c"], 2, [], [2, 2], []);
        var b = cluster["b"];
        var noOp = new LogEntry(2, 3, EntryKind.NoOp, LogEntry.Empty);

        b.Step(new AppendEntries(3, "a", 1, 1, [noOp], 1, 1));

        // §5.3: "delete the existing entry and all that follow it"; the journal only appends,
        // so the deletion is an event replayed on recovery.
        var ready = b.TakeReady();
        Assert.Equal(["HardState(term 3, vote -)", "Truncated(from 2)", "Appended(2@3 NoOp)"], Journal.Describe(JournalEvents.Of(ready)));
        Assert.Equal([1L, 3L], Logs.Terms(b.Log));
        // Only what precedes the truncation is still known durable; the new entry is not yet.
        Assert.Equal(1, b.DurableIndex);
        b.OnStable(2, 3);
        Assert.Equal(2, b.DurableIndex);

        // The same request again (a duplicate) matches now: no truncation, nothing to write.
        b.Step(new AppendEntries(3, "a", 1, 1, [noOp], 1, 1));
        ready = b.TakeReady();
        Assert.False(ready.HasWrite);
        Assert.True(Assert.IsType<AppendEntriesResponse>(Assert.Single(ready.MessagesAfterPersist).Message).Success);
    }

    [Fact]
    public void A_follower_that_lost_unacknowledged_entries_is_probed_back_and_catches_up()
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        var leader = cluster.ElectLeader("a");
        // c misses three proposals entirely.
        cluster.Isolated.Add("c");
        for (var i = 0; i < 3; i++)
        {
            leader.Propose([[(byte)i]]);
            cluster.Flush("a");
            cluster.DeliverAll();
        }
        cluster.Isolated.Clear();

        leader.Propose([[9]]);
        cluster.Flush("a");
        cluster.DeliverAll();
        cluster.Tick("a", Defaults.HeartbeatTicks);
        cluster.DeliverAll();

        Assert.Equal(leader.Log.LastIndex, cluster["c"].Log.LastIndex);
        Assert.All(cluster.Cores, c => Assert.Equal(leader.CommitIndex, c.CommitIndex));
        Assert.Equal(cluster.Applied["a"].Select(Journal.Describe), cluster.Applied["c"].Select(Journal.Describe));
    }

    /// <summary>a leads b and c, with its first heartbeat round answered and nothing in flight.</summary>
    private static (ManualCluster Cluster, RaftCore Leader) IdleLeader()
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        var leader = cluster.ElectLeader("a");
        cluster.Tick("a", Defaults.HeartbeatTicks);
        cluster.DeliverAll();
        return (cluster, leader);
    }

    [Fact]
    public void A_new_commit_index_reaches_idle_followers_on_the_leaders_next_tick_not_with_every_commit()
    {
        var (cluster, leader) = IdleLeader();

        var first = leader.Propose([[1]]);
        cluster.Flush("a");
        cluster.DeliverAll();

        // Committed, and no empty AppendEntries went out for the commit alone.
        Assert.Equal(first, leader.CommitIndex);
        Assert.Empty(cluster.InFlight);
        Assert.All(["b", "c"], id => Assert.Equal(first - 1, cluster[id].CommitIndex));

        // A writer's next entries carry it (§5.3)...
        var second = leader.Propose([[2]]);
        cluster.Flush("a");
        var appends = cluster.Take(e => e.Message is AppendEntries);
        Assert.All(appends, e => Assert.Equal(first, ((AppendEntries)e.Message).LeaderCommit));
        foreach (var append in appends) cluster.Deliver(append);
        cluster.DeliverAll();
        Assert.Equal(second, leader.CommitIndex);
        Assert.All(["b", "c"], id => Assert.Equal(first, cluster[id].CommitIndex));

        // ...and with none coming, the next tick announces it, once.
        cluster.Tick("a");
        var announcements = cluster.Take(e => e.Message is AppendEntries);
        Assert.Equal(["b", "c"], announcements.Select(e => e.To).Order());
        Assert.All(announcements, e => Assert.Equal((second, 0), (((AppendEntries)e.Message).LeaderCommit, ((AppendEntries)e.Message).Entries.Count)));
        foreach (var announcement in announcements) cluster.Deliver(announcement);
        cluster.DeliverAll();
        Assert.All(cluster.Cores, c => Assert.Equal(second, c.CommitIndex));
        cluster.Tick("a");
        Assert.DoesNotContain(cluster.InFlight, e => e.Message is AppendEntries);
    }

    [Fact]
    public void The_commit_of_a_write_a_follower_passed_on_is_announced_at_once()
    {
        var (cluster, leader) = IdleLeader();

        var forwarded = leader.Propose([[1]], announceCommitAtOnce: true);
        cluster.Flush("a");
        foreach (var append in cluster.Take(e => e.Message is AppendEntries)) cluster.Deliver(append);
        foreach (var answer in cluster.Take(e => e.Message is AppendEntriesResponse)) cluster.Deliver(answer);

        // Committed, and the followers are told now, not on the next tick.
        Assert.Equal(forwarded, leader.CommitIndex);
        var announcements = cluster.Take(e => e.Message is AppendEntries);
        Assert.Equal(["b", "c"], announcements.Select(e => e.To).Order());
        Assert.All(announcements, e => Assert.Equal((forwarded, 0), (((AppendEntries)e.Message).LeaderCommit, ((AppendEntries)e.Message).Entries.Count)));
        cluster.DeliverAll();

        // A later write of the leader's own clients goes back to the lazy announcement.
        var own = leader.Propose([[2]]);
        cluster.Flush("a");
        cluster.DeliverAll();
        Assert.Equal(own, leader.CommitIndex);
        Assert.All(["b", "c"], id => Assert.Equal(forwarded, cluster[id].CommitIndex));
    }

    [Fact]
    public void Propose_is_refused_by_a_follower()
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        cluster.ElectLeader("a");
        Assert.Equal(0, cluster["b"].Propose([[1]]));
        Assert.Equal(cluster["a"].Log.LastIndex + 1, cluster["a"].Propose([[1]]));
    }

    private static void Acknowledge(RaftCore leader, string follower, long matchIndex)
    {
        var session = leader.Progress[follower].Session;
        leader.Step(new AppendEntriesResponse(leader.Term, follower, true, matchIndex, 0, 0, 0, matchIndex, session));
    }
}
