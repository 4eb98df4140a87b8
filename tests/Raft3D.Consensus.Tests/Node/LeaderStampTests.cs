namespace Raft3D.Consensus.Tests.Node;

/// <summary>The leader writes its own clock into the commands it appends, whoever took them (see IStateMachine.Stamp).</summary>
public sealed class LeaderStampTests
{
    /// <summary>A clock that says what the test tells it (unix ms).</summary>
    private sealed class TestClock(Func<long> unixMs) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(unixMs());
    }

    /// <summary>Each node's clock differs from the others' by hours.</summary>
    private static long ClockOf(string nodeId) => int.Parse(nodeId[1..]) * 3_600_000L;

    [Fact]
    public async Task Commands_taken_by_any_node_apply_everywhere_with_the_leaders_time()
    {
        // Long election timeouts: the leader must not change while the three writes go in.
        var patient = RaftTestCluster.Options with { ElectionTicks = 100 };
        await using var cluster = RaftTestCluster.Start(3, options: patient, clocks: id => new TestClock(() => ClockOf(id)));
        var leader = await cluster.AwaitLeaderAsync();

        var taken = new List<string>();
        foreach (var via in cluster.Nodes)
        {
            await cluster.ProposeCommittedAsync($"stamp:via-{via.Id}", via);
            taken.Add($"stamp:via-{via.Id}");
            Assert.Equal(leader, await cluster.AwaitLeaderAsync());
        }

        var expected = taken.Select(c => $"{c}@{ClockOf(leader.Id)}").ToList();
        await cluster.AwaitAppliedEverywhereAsync(expected);
    }

    [Fact]
    public async Task The_leader_never_stamps_a_time_before_one_it_gave()
    {
        var now = 5_000_000L;
        var clock = new TestClock(() => now);
        await using var cluster = RaftTestCluster.Start(1, clocks: _ => clock);
        await cluster.AwaitLeaderAsync();

        await cluster.ProposeCommittedAsync("stamp:first");
        now = 1_000;
        await cluster.ProposeCommittedAsync("stamp:after-the-clock-went-back");

        await cluster.AwaitAppliedEverywhereAsync(["stamp:first@5000000", "stamp:after-the-clock-went-back@5000000"]);
    }
}
