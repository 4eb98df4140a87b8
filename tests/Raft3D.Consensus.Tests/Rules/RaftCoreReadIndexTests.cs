using Raft3D.Consensus.Core;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>Linearizable reads by ReadIndex (thesis §6.4), driven by hand.</summary>
public sealed class RaftCoreReadIndexTests
{
    private static readonly RaftOptions Defaults = new();

    [Fact]
    public void A_leader_read_completes_only_after_a_majority_answers_a_heartbeat_round_sent_after_it_arrived()
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        var leader = cluster.ElectLeader("a");
        var commit = leader.CommitIndex;

        // A heartbeat round that went out before the read, answered by both followers.
        cluster.Tick("a", Defaults.HeartbeatTicks);
        foreach (var heartbeat in cluster.Take(e => e.Message is Heartbeat)) cluster.Deliver(heartbeat);
        var earlyAnswers = cluster.Take(e => e.Message is HeartbeatResponse);
        Assert.Equal(2, earlyAnswers.Count);

        leader.RequestRead(42);
        cluster.Flush("a");
        var round = cluster.Take(e => e.Message is Heartbeat);
        Assert.Equal(2, round.Count);

        // Answers to the earlier round prove nothing about leadership after the read arrived.
        foreach (var answer in earlyAnswers) cluster.Deliver(answer);
        Assert.Empty(cluster.Reads["a"]);

        // One follower answers the new round: with the leader, a majority of three.
        cluster.Deliver(round.Single(e => e.To == "b"));
        Assert.Empty(cluster.Reads["a"]);
        cluster.Deliver(Assert.Single(cluster.Take(e => e.Message is HeartbeatResponse)));

        Assert.Equal([new ReadState(42, commit)], cluster.Reads["a"]);
    }

    [Fact]
    public void A_new_leader_serves_reads_only_after_committing_an_entry_of_its_term()
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        // Elected, but its no-op reaches nobody: it does not know what its predecessors committed.
        cluster.Campaign("a", drop: e => e.Message is AppendEntries);
        var leader = cluster["a"];
        Assert.Equal(RaftRole.Leader, leader.Role);
        var noOpIndex = leader.Log.LastIndex;

        leader.RequestRead(1);
        cluster.Flush("a");
        cluster.Tick("a", Defaults.HeartbeatTicks);
        cluster.DeliverAll(drop: e => e.Message is AppendEntries);
        Assert.Empty(cluster.Reads["a"]); // heartbeats were answered, but that is not enough

        cluster.Tick("a", Defaults.HeartbeatTicks);
        cluster.DeliverAll();

        Assert.Equal(noOpIndex, leader.CommitIndex);
        Assert.Equal([new ReadState(1, noOpIndex)], cluster.Reads["a"]);
    }

    [Fact]
    public void Follower_reads_are_forwarded_to_the_leader_in_batches()
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        var leader = cluster.ElectLeader("a");
        var follower = cluster["b"];

        follower.RequestRead(1);
        follower.RequestRead(2);
        follower.RequestRead(3);
        cluster.Flush("b");

        // One batch in flight at a time: read 1 went alone, 2 and 3 wait for the next batch.
        var first = Assert.IsType<ReadIndexRequest>(Assert.Single(cluster.InFlight).Message);
        Assert.Equal(("b", leader.Term), (first.From, first.Term));
        var batches = new List<ReadIndexRequest>();
        cluster.DeliverAll(drop: e =>
        {
            if (e.Message is ReadIndexRequest request) batches.Add(request);
            return false;
        });

        Assert.Equal(2, batches.Count);
        Assert.NotEqual(batches[0].BatchId, batches[1].BatchId);
        Assert.Equal([1L, 2L, 3L], cluster.Reads["b"].Select(r => r.RequestId));
        Assert.All(cluster.Reads["b"], r => Assert.Equal(leader.CommitIndex, r.ReadIndex));
        Assert.Empty(cluster.Reads["a"]); // the leader answered b; it served nothing itself
    }

    [Theory]
    [InlineData("a b c", "", "b", false)]
    [InlineData("a b", "", "b", false)]
    [InlineData("a b c d e", "", "b", true)]
    [InlineData("a b c", "d", "d", true)] // a learner's request is no vote of confidence
    public void A_forwarded_read_needs_a_heartbeat_round_only_when_the_leader_and_the_forwarding_voter_are_no_majority(
        string voters, string learners, string forwarder, bool roundNeeded)
    {
        var configuration = ManualCluster.Configuration(voters.Split(' ')) with
        {
            Learners = learners.Length == 0 ? [] : ManualCluster.Configuration(learners.Split(' ')).Voters,
        };
        var cluster = ManualCluster.Bootstrapped(Defaults, configuration);
        var leader = cluster.ElectLeader("a");
        cluster.DeliverAll();

        cluster[forwarder].RequestRead(7);
        cluster.Flush(forwarder);
        cluster.Deliver(Assert.Single(cluster.Take(e => e.Message is ReadIndexRequest)));

        var heartbeats = cluster.InFlight.Count(e => e.Message is Heartbeat);
        var answered = cluster.InFlight.Any(e => e.Message is ReadIndexResponse);
        Assert.Equal(roundNeeded, heartbeats > 0);
        Assert.Equal(!roundNeeded, answered);
        cluster.DeliverAll();
        Assert.Equal([new ReadState(7, leader.CommitIndex)], cluster.Reads[forwarder]);
    }

    [Fact]
    public void A_follower_ignores_the_answer_to_a_batch_its_previous_process_forwarded()
    {
        // Found by the simulation (seed 1200, 3 nodes): batch ids restarted from 1 with each
        // process, so the leader's late answer to batch 1 of the previous process, with a read
        // index from before the restart, served batch 1 of the new one: a stale read (§6.4).
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        var leader = cluster.ElectLeader("a");
        cluster["b"].RequestRead(1);
        cluster.Flush("b");
        var oldBatch = Assert.Single(cluster.Take(e => e.Message is ReadIndexRequest));
        cluster.Deliver(oldBatch);
        // The leader confirms it, but its answer is delayed in the network.
        var staleAnswers = new List<Envelope>();
        cluster.DeliverAll(drop: e =>
        {
            if (e.Message is ReadIndexResponse) staleAnswers.Add(e);
            return e.Message is ReadIndexResponse;
        });
        var stale = Assert.IsType<ReadIndexResponse>(Assert.Single(staleAnswers).Message);

        var restarted = cluster.Restart("b", new Random(1234));
        // Meanwhile a write commits (and is acknowledged to its client).
        leader.Propose([[7]]);
        cluster.Flush("a");
        cluster.DeliverAll();
        cluster.Tick("a", Defaults.HeartbeatTicks);
        cluster.DeliverAll();
        var committed = leader.CommitIndex;
        Assert.Equal(committed, restarted.CommitIndex);

        // A read asked for after that write must see it.
        restarted.RequestRead(2);
        cluster.Flush("b");
        Assert.True(stale.ReadIndex < committed);
        cluster.Deliver(staleAnswers[0]);
        Assert.DoesNotContain(cluster.Reads["b"], r => r.RequestId == 2 && r.ReadIndex < committed);

        cluster.Tick("a", Defaults.HeartbeatTicks);
        cluster.DeliverAll();
        Assert.Contains(new ReadState(2, committed), cluster.Reads["b"]);
    }

    [Fact]
    public void A_read_with_no_known_leader_fails_at_once()
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        cluster["b"].RequestRead(5);
        cluster.Flush("b");
        Assert.Equal([5L], cluster.FailedReads["b"]);
        Assert.Empty(cluster.InFlight);
    }

    [Fact]
    public void Reads_waiting_on_a_leader_that_steps_down_fail()
    {
        var cluster = ManualCluster.Bootstrapped(Defaults, "a", "b", "c");
        var leader = cluster.ElectLeader("a");
        cluster.Isolated.Add("b");
        cluster.Isolated.Add("c");
        leader.RequestRead(8);
        for (var i = 0; i < 2 * Defaults.ElectionTicks; i++)
        {
            cluster.Tick("a");
            cluster.DeliverAll();
        }
        Assert.Equal(RaftRole.Follower, leader.Role);
        Assert.Empty(cluster.Reads["a"]);
        Assert.Equal([8L], cluster.FailedReads["a"]);
    }
}
