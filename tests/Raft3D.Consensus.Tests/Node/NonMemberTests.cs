using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Serialization;
using Raft3D.Testing;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>
/// Raft messages from servers that are not members of this cluster, or that belong to
/// another one, are dropped before they reach the core: a forged higher term would otherwise
/// depose the leader (§5.1) and a forged AppendEntries rewrite a follower's log (§5.3).
/// </summary>
public sealed class NonMemberTests
{
    private const string ClusterId = "c0ffee";

    /// <summary>Far above any term a real election in the test reaches.</summary>
    private const long ForgedTermOffset = 1000;

    private static IEnumerable<IRaftMessage> Forgeries(long term, long lastIndex)
    {
        var forgedTerm = term + ForgedTermOffset;
        LogEntry[] entries = [new(lastIndex + 1, forgedTerm, EntryKind.Command, Encoding.UTF8.GetBytes("forged"))];
        // A non-member: without a cluster id (as v0.1.0 sends), with this cluster's id (as a
        // removed server would, its commit index no further than the configuration removing it).
        yield return new AppendEntries(forgedTerm, "intruder", lastIndex, term, entries, 0, 1);
        yield return new AppendEntries(forgedTerm, "intruder", lastIndex, term, entries, 1, 1) { ClusterId = ClusterId };
        yield return new RequestVote(forgedTerm, "intruder", lastIndex + 100, forgedTerm, false, true) { ClusterId = ClusterId };
        yield return new InstallSnapshot(forgedTerm, "intruder", 1, term, [], 0, [1], true, 1) { ClusterId = ClusterId };
        yield return new TimeoutNow(forgedTerm, "intruder");
        // A member's id with another cluster's id.
        yield return new AppendEntries(forgedTerm, "n2", lastIndex, term, entries, lastIndex + 100, 1) { ClusterId = "another" };
        yield return new RequestVote(forgedTerm, "n1", lastIndex + 100, forgedTerm, false, true) { ClusterId = "another" };
        yield return new InstallSnapshot(forgedTerm, "n3", lastIndex + 100, forgedTerm, [], 0, [1], true, 1) { ClusterId = "another" };
    }

    [Fact]
    public async Task Forged_messages_told_to_the_actors_change_no_term_leader_or_log()
    {
        await using var cluster = RaftTestCluster.Start(3, clusterId: ClusterId);
        var leader = await cluster.AwaitLeaderAsync();
        var before = await leader.StatusAsync();

        foreach (var node in cluster.Nodes)
            foreach (var forged in Forgeries(before.Term, before.LastLogIndex))
                node.Raft!.Tell(forged);

        await AssertNothingChangedAsync(cluster, before);
    }

    [Fact]
    public async Task Forged_messages_over_the_network_change_no_term_leader_or_log()
    {
        await using var cluster = RaftTestCluster.Start(3, clusterId: ClusterId);
        var leader = await cluster.AwaitLeaderAsync();
        var before = await leader.StatusAsync();
        var config = ConfigurationFactory.ParseString("akka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0, applied-adapters = [trttl] }")
            .WithFallback(ConfigurationFactory.ParseString(RaftHocon.Serialization))
            .WithFallback(ConfigurationFactory.ParseString(RaftHocon.Remote));
        using var intruder = ActorSystem.Create("raft", config);
        try
        {
            foreach (var node in cluster.Nodes)
            {
                // A resolved reference, as nodes reach each other (no actor selection).
                var target = ((ExtendedActorSystem)intruder).Provider.ResolveActorRef($"{node.Address}/user/raft");
                foreach (var forged in Forgeries(before.Term, before.LastLogIndex)) target.Tell(forged);
                // Messages from one sender to one receiver arrive in order: once this is
                // answered, every forgery before it has been handled.
                var identity = await target.Ask<ActorIdentity>(new Identify(node.Id), TimeSpan.FromSeconds(10));
                Assert.NotNull(identity.Subject);
            }

            await AssertNothingChangedAsync(cluster, before);
        }
        finally
        {
            await intruder.Terminate();
        }
    }

    private static async Task AssertNothingChangedAsync(RaftTestCluster cluster, RaftStatus before)
    {
        // A write after the forgeries commits in a term of the real members, and no node ever
        // took the forged entry or the forged term.
        await cluster.ProposeCommittedAsync("after");
        foreach (var node in cluster.Nodes)
        {
            var status = await node.StatusAsync();
            Assert.True(status.Term < before.Term + ForgedTermOffset, $"{node.Id} moved to term {status.Term}");
            Assert.NotEqual("intruder", status.LeaderId);
            Assert.Equal(ClusterId, status.ClusterId);
        }
        await Eventually.True(async () =>
        {
            var applied = await Task.WhenAll(cluster.Nodes.Select(cluster.AppliedAsync));
            return applied.All(a => a.Contains("after") && !a.Contains("forged"));
        }, RaftTestCluster.Patience, "every node to apply the real write and never the forged one");
    }
}
