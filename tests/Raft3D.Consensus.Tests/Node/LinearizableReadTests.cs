using Akka.Actor;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Node;

public sealed class LinearizableReadTests
{
    private static Read ReadApplied(ReadConsistency consistency = ReadConsistency.Linearizable) =>
        new(sm => ((TestStateMachine)sm).Applied.ToList(), consistency);

    [Fact]
    public async Task A_read_on_a_follower_right_after_a_write_through_the_leader_sees_the_write()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var leader = await cluster.AwaitLeaderAsync();
        var followers = cluster.Nodes.Where(n => n != leader).ToList();

        for (var i = 0; i < 20; i++)
        {
            await cluster.ProposeCommittedAsync($"w-{i}", leader);
            // No waiting: the follower asks the leader for a read index and applies up to it first.
            var follower = followers[i % 2];
            var result = await follower.Raft!.Ask<ReadResult>(ReadApplied(), TimeSpan.FromSeconds(10));
            var applied = (IReadOnlyList<string>)((ReadResult.Served)result).Value!;
            Assert.Contains($"w-{i}", applied);
        }
    }

    [Fact]
    public async Task Many_concurrent_reads_on_leader_and_followers_all_see_a_preceding_write()
    {
        await using var cluster = RaftTestCluster.Start(3);
        await cluster.ProposeCommittedAsync("seen-by-all");
        var reads = Enumerable.Range(0, 300)
            .Select(i => cluster.Nodes[i % 3].Raft!.Ask<ReadResult>(ReadApplied(), TimeSpan.FromSeconds(10)))
            .ToList();
        foreach (var result in await Task.WhenAll(reads))
            Assert.Contains("seen-by-all", (IReadOnlyList<string>)((ReadResult.Served)result).Value!);
    }

    [Fact]
    public async Task A_linearizable_read_without_a_quorum_fails_instead_of_serving_stale_state()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var leader = await cluster.AwaitLeaderAsync();
        await cluster.ProposeCommittedAsync("x");
        await cluster.IsolateAsync(leader);

        // The isolated leader cannot confirm leadership; the read never returns state.
        var result = await leader.Raft!.Ask<ReadResult>(ReadApplied(), TimeSpan.FromSeconds(10));
        Assert.IsType<ReadResult.NoLeader>(result);

        // A local read is still served from its own state.
        var local = await leader.Raft!.Ask<ReadResult>(ReadApplied(ReadConsistency.Local), TimeSpan.FromSeconds(5));
        Assert.IsType<ReadResult.Served>(local);
    }
}
