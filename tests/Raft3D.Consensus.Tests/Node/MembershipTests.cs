using Akka.Actor;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Node;
using Raft3D.Testing;

namespace Raft3D.Consensus.Tests.Node;

public sealed class MembershipTests
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_new_server_joins_as_a_learner_catches_up_and_is_promoted_to_voter()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var expected = new List<string>();
        expected.AddRange(await cluster.WriteManyAsync("before-join", 10, concurrency: 1));
        var joiner = cluster.AddNode();
        var leader = await cluster.AwaitLeaderAsync();
        var follower = cluster.Nodes.First(n => n != leader && n != joiner);

        // Asked through a follower: it forwards to the leader.
        var done = await cluster.ChangeMembershipAsync(new AddMember(joiner.Member), via: follower);
        Assert.True(done.Configuration.Contains(joiner.Id));

        await Eventually.True(async () => (await leader.StatusAsync()).Members.Any(m => m.Member.Id == joiner.Id && m.Voter),
            RaftTestCluster.Patience, "the learner to be promoted to voter");
        await cluster.ProposeCommittedAsync("after-join");
        expected.Add("after-join");
        await cluster.AwaitAppliedEverywhereAsync(expected);
        Assert.Equal(RaftRole.Follower, (await joiner.StatusAsync()).Role);

        // Joining again with the same addresses changes nothing.
        var again = await leader.Raft!.Ask<MembershipResult>(new AddMember(joiner.Member), AskTimeout);
        Assert.Equal(done.Configuration.Voters.Count + 1, Assert.IsType<MembershipResult.Done>(again).Configuration.Voters.Count);
    }

    [Fact]
    public async Task A_change_asked_for_while_another_commits_waits_for_it_instead_of_being_refused()
    {
        await using var cluster = RaftTestCluster.Start(3);
        await cluster.ProposeCommittedAsync("one");
        var leader = await cluster.AwaitLeaderAsync();
        var (n4, n5) = (cluster.AddNode(), cluster.AddNode());

        // Back to back: the second arrives while the first is still uncommitted (§4.1).
        var first = leader.Raft!.Ask<MembershipResult>(new AddMember(n4.Member), AskTimeout);
        var second = leader.Raft.Ask<MembershipResult>(new AddMember(n5.Member), AskTimeout);

        // Never refused; only a leader change on a loaded machine may leave an outcome unknown.
        Assert.IsNotType<MembershipResult.Rejected>(await first);
        Assert.IsNotType<MembershipResult.Rejected>(await second);
        await cluster.ChangeMembershipAsync(new AddMember(n4.Member));
        var done = await cluster.ChangeMembershipAsync(new AddMember(n5.Member));
        Assert.True(done.Configuration.Contains(n4.Id) && done.Configuration.Contains(n5.Id), done.Configuration.ToString());
    }

    [Fact]
    public async Task Removing_the_leader_hands_over_and_the_rest_keep_committing()
    {
        await using var cluster = RaftTestCluster.Start(3);
        await cluster.ProposeCommittedAsync("one");
        var leader = await cluster.AwaitLeaderAsync();

        var done = await cluster.ChangeMembershipAsync(new RemoveMember(leader.Id), via: leader);
        Assert.False(done.Configuration.Contains(leader.Id));

        var rest = cluster.Nodes.Where(n => n != leader).ToList();
        var newLeader = await cluster.AwaitLeaderAsync(rest);
        Assert.NotEqual(leader.Id, newLeader.Id);
        await cluster.ProposeCommittedAsync("two", newLeader);
        await cluster.AwaitAppliedEverywhereAsync(["one", "two"], rest);
        await Eventually.True(async () => (await leader.StatusAsync()).Role != RaftRole.Leader,
            RaftTestCluster.Patience, "the removed leader to step down");
    }

    [Fact]
    public async Task Leadership_is_transferred_to_a_named_server_and_to_the_best_one()
    {
        await using var cluster = RaftTestCluster.Start(3);
        await cluster.ProposeCommittedAsync("x");
        var leader = await cluster.AwaitLeaderAsync();
        var target = cluster.Nodes.Last(n => n != leader);

        var named = await leader.Raft!.Ask<TransferResult>(new TransferLeadership(target.Id), AskTimeout);
        Assert.Equal(target.Id, Assert.IsType<TransferResult.Done>(named).NewLeader);
        Assert.Equal(target.Id, (await cluster.AwaitLeaderAsync()).Id);

        // Asked through a follower, with no target: the most up-to-date voter takes over.
        var follower = cluster.Nodes.First(n => n != target);
        // Until the follower has heard from the new leader it has nowhere to forward the request.
        var best = await Eventually.Get(async () =>
            await follower.Raft!.Ask<TransferResult>(new TransferLeadership(null), AskTimeout) is not TransferResult.NoLeader and var answer ? answer : null,
            RaftTestCluster.Patience, "the follower to know the leader");
        var newLeader = Assert.IsType<TransferResult.Done>(best).NewLeader;
        Assert.NotEqual(target.Id, newLeader);
        await cluster.ProposeCommittedAsync("y");
    }

    [Fact]
    public async Task Unknown_transfer_target_is_refused_with_a_reason()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var leader = await cluster.AwaitLeaderAsync();
        var result = await leader.Raft!.Ask<TransferResult>(new TransferLeadership("nobody"), AskTimeout);
        Assert.Contains("not a voter", Assert.IsType<TransferResult.Rejected>(result).Reason);
    }
}

public sealed class AutopilotTests
{
    [Fact]
    public async Task The_leader_removes_dead_voters_down_to_the_minimum()
    {
        // 40 ticks of 30 ms: a server silent for 1.2 s is dead.
        var options = RaftTestCluster.Options with { RemoveDeadServersAfterTicks = 40, MinimumVoters = 3 };
        await using var cluster = RaftTestCluster.Start(5, options: options);
        var leader = await cluster.AwaitLeaderAsync();
        var victims = cluster.Nodes.Where(n => n != leader).Take(2).ToList();

        await cluster.CrashAsync(victims[0]);
        await Eventually.True(async () => (await leader.StatusAsync()).Members.Count(m => m.Voter) == 4,
            RaftTestCluster.Patience, "the first dead voter to be removed");
        await cluster.CrashAsync(victims[1]);
        await Eventually.True(async () => (await leader.StatusAsync()).Members.Count(m => m.Voter) == 3,
            RaftTestCluster.Patience, "the second dead voter to be removed");

        var status = await leader.StatusAsync();
        Assert.DoesNotContain(status.Members, m => victims.Any(v => v.Id == m.Member.Id));
        await cluster.ProposeCommittedAsync("still-available");
    }
}

public sealed class MembershipUnderLoadTests
{
    [Fact]
    public async Task Growing_3_to_5_and_shrinking_5_to_3_under_a_steady_writer_loses_nothing_and_stays_available()
    {
        await using var cluster = RaftTestCluster.Start(3);
        await cluster.AwaitLeaderAsync();
        using var stop = new CancellationTokenSource();
        var acknowledged = new List<string>();
        var longestGap = TimeSpan.Zero;

        // Servers already removed from the configuration; the writer no longer sends to them.
        var gone = new List<RaftTestNode>();
        IEnumerable<RaftTestNode> Members() { lock (gone) return cluster.Running.Except(gone).ToList(); }

        // One writer, all the time. A write whose outcome is unknown (its leader was removed
        // mid-flight) is not acknowledged, so the check below does not count on it.
        var writer = Task.Run(async () =>
        {
            var last = DateTime.UtcNow;
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var leader = await cluster.AwaitLeaderAsync(Members());
                ProposeResult result;
                try { result = await cluster.ProposeAsync(leader, $"w-{i}"); }
                catch (AskTimeoutException) { continue; }
                if (result is not ProposeResult.Applied) continue;
                lock (acknowledged) acknowledged.Add($"w-{i}");
                var now = DateTime.UtcNow;
                if (now - last > longestGap) longestGap = now - last;
                last = now;
            }
        });

        // The writer keeps getting writes acknowledged after every change.
        async Task AwaitWritesAsync()
        {
            int before;
            lock (acknowledged) before = acknowledged.Count;
            await Eventually.True(() => { lock (acknowledged) return Task.FromResult(acknowledged.Count >= before + 3); },
                RaftTestCluster.Patience, "more writes to be acknowledged");
        }

        async Task<RaftTestNode> AwaitVoterAsync(RaftTestNode node) =>
            await Eventually.Get(async () =>
                (await (await cluster.AwaitLeaderAsync()).StatusAsync()).Members.Any(m => m.Member.Id == node.Id && m.Voter) ? node : null,
                RaftTestCluster.Patience, $"{node.Id} to become a voter");

        foreach (var _ in Enumerable.Range(0, 2))
        {
            var node = cluster.AddNode();
            await cluster.ChangeMembershipAsync(new AddMember(node.Member));
            await AwaitVoterAsync(node);
            await AwaitWritesAsync();
        }
        Assert.Equal(5, (await (await cluster.AwaitLeaderAsync()).StatusAsync()).Members.Count(m => m.Voter));

        // Shrink by removing two of the original servers, the leader first.
        var leader = await cluster.AwaitLeaderAsync();
        var removed = new[] { leader, cluster.Nodes.Take(3).First(n => n != leader) };
        foreach (var node in removed)
        {
            // Asked again after an unknown outcome, until the leader's configuration no longer has it.
            await Eventually.Get(async () =>
            {
                var current = await cluster.AwaitLeaderAsync(Members());
                if ((await current.StatusAsync()).Members.All(m => m.Member.Id != node.Id)) return current;
                await current.Raft!.Ask<MembershipResult>(new RemoveMember(node.Id), TimeSpan.FromSeconds(10));
                return null;
            }, RaftTestCluster.Patience, $"{node.Id} to be removed");
            lock (gone) gone.Add(node);
            await AwaitWritesAsync();
        }
        var remaining = cluster.Nodes.Except(removed).ToList();
        var finalLeader = await cluster.AwaitLeaderAsync(remaining);
        Assert.Equal(3, (await finalLeader.StatusAsync()).Members.Count(m => m.Voter));

        await stop.CancelAsync();
        await writer;
        List<string> expected;
        lock (acknowledged) expected = [.. acknowledged];
        // Every acknowledged write is there, in order, on every remaining server.
        var applied = await cluster.AppliedAsync(finalLeader);
        Assert.Equal(expected, applied.Where(expected.Contains).ToList());
        Assert.Equal(expected.Count, applied.Intersect(expected).Count());
        await cluster.AwaitAppliedEverywhereAsync(applied, remaining);
        // Never unavailable for longer than an election or two (timeouts here are 0.3-0.6 s).
        Assert.True(longestGap < TimeSpan.FromSeconds(5), $"writes stalled for {longestGap.TotalSeconds:0.0} s");
    }
}
