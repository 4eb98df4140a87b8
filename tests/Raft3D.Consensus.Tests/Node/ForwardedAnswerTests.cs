using Akka.Actor;
using Akka.Actor.Dsl;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>
/// A write a server passed on to its leader is answered once that server has applied it, so a
/// local read there right after the answer sees the client's own write.
/// </summary>
public sealed class ForwardedAnswerTests
{
    [Fact]
    public async Task A_forwarded_writes_answer_waits_until_this_server_has_applied_its_index()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var leader = await cluster.AwaitLeaderAsync();
        var follower = cluster.Nodes.First(n => n != leader);
        await cluster.AwaitAppliedEverywhereAsync(await cluster.WriteManyAsync("before", 3));
        var applied = (await follower.StatusAsync()).AppliedIndex;

        // The leader's answer for the next index, as the relay hands it to the follower's actor.
        var received = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = follower.System!.ActorOf(act => act.ReceiveAny((message, _) => received.TrySetResult(message)));
        var relay = new ForwardRelay(((ExtendedActorSystem)follower.System!).Provider, client, leader.Id, 0);
        var answer = new ProposeResult.Applied(applied + 1, [1]);
        follower.Raft!.Tell(new AnswerWhenApplied(relay, answer, ActorRefs.NoSender));
        await Assert.ThrowsAsync<TimeoutException>(() => received.Task.WaitAsync(TimeSpan.FromMilliseconds(300)));

        await cluster.WriteManyAsync("after", 1);
        Assert.Same(answer, await received.Task.WaitAsync(RaftTestCluster.Patience));
    }
}
