using Akka.Actor;
using Akka.Event;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>What a follower remembers of the writes it passed on to its leader.</summary>
public sealed class ForwardedProposalsTests : Akka.TestKit.Xunit2.TestKit
{
    private const string Unknown = "outcome unknown";

    private ForwardedProposals NewForwarded(int forgetAfterTicks = 100) =>
        new(((ExtendedActorSystem)Sys).Provider, forgetAfterTicks);

    [Fact]
    public void The_leaders_answer_passes_through_and_a_later_loss_of_that_leader_adds_nothing()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var forwarded = NewForwarded();
        var client = CreateTestProbe();
        var relay = forwarded.Add(client.Ref, "a");

        relay.Tell("applied");
        client.ExpectMsg("applied");
        forwarded.Tick();
        Assert.Equal(0, forwarded.Count);

        forwarded.LeaderChanged(null, Unknown);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // no dead letters either
    }

    [Fact]
    public void An_applied_write_is_answered_through_the_applier_and_a_later_loss_of_the_leader_adds_nothing()
    {
        var applier = CreateTestProbe();
        var forwarded = new ForwardedProposals(((ExtendedActorSystem)Sys).Provider, 100, applier.Ref);
        var client = CreateTestProbe();
        var relay = forwarded.Add(client.Ref, "a");
        var applied = new ProposeResult.Applied(7, [1]);

        relay.Tell(applied);
        var wait = applier.ExpectMsg<AnswerWhenApplied>();
        Assert.Equal(7, wait.Result.Index);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // not before this server applied index 7

        forwarded.LeaderChanged(null, Unknown);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // the write is known applied: no "unknown"

        wait.Relay.Answer(wait.Result, wait.Sender);
        client.ExpectMsg(applied);
        relay.Tell(new ProposeResult.NoLeader("late")); // anything else passes straight through, once
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Losing_the_leader_answers_its_waiting_clients_once_and_drops_the_late_answer()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var forwarded = NewForwarded();
        var (toA, toB) = (CreateTestProbe(), CreateTestProbe());
        var relayA = forwarded.Add(toA.Ref, "a");
        forwarded.Add(toB.Ref, "b");

        // The same leader again (a heartbeat after a missed one) changes nothing for its clients.
        forwarded.LeaderChanged("b", Unknown);
        toB.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        toA.ExpectMsg(Unknown);
        Assert.Equal(1, forwarded.Count);

        // The lost leader's answer comes after all: the client keeps the first one.
        relayA.Tell("applied");
        toA.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        forwarded.LeaderChanged(null, Unknown);
        toB.ExpectMsg(Unknown);
        Assert.Equal(0, forwarded.Count);
    }

    [Fact]
    public void A_write_unanswered_for_the_given_ticks_is_forgotten_without_an_answer()
    {
        var forwarded = NewForwarded(forgetAfterTicks: 3);
        var old = CreateTestProbe();
        forwarded.Add(old.Ref, "a");
        for (var i = 0; i < 3; i++) forwarded.Tick();
        var recent = CreateTestProbe();
        forwarded.Add(recent.Ref, "a");

        forwarded.Tick(); // the first write is now 4 ticks old
        Assert.Equal(1, forwarded.Count);
        forwarded.LeaderChanged(null, Unknown);
        recent.ExpectMsg(Unknown);
        old.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
