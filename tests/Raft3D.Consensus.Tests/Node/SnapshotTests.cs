using Akka.Actor;
using Microsoft.Data.Sqlite;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Snapshots;
using Raft3D.Testing;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>Log compaction and InstallSnapshot (§7), with a low snapshot threshold.</summary>
public sealed class SnapshotTests
{
    private const long Threshold = 50;

    [Fact]
    public async Task A_follower_that_missed_compacted_entries_catches_up_through_InstallSnapshot()
    {
        // 10 000 writes with a snapshot every 1 000 entries while the follower is down.
        const long threshold = 1_000;
        await using var cluster = RaftTestCluster.Start(3, threshold);
        var leader = await cluster.AwaitLeaderAsync();
        var straggler = cluster.Nodes.First(n => n != leader);
        var expected = await cluster.WriteManyAsync("early", 20);
        await cluster.AwaitAppliedEverywhereAsync(expected);
        var stragglerLastIndex = (await straggler.StatusAsync()).LastLogIndex;
        await cluster.CrashAsync(straggler);

        // Several compactions happen while it is down: the entries it needs are gone.
        expected.AddRange(await cluster.WriteManyAsync("missed", 10_000, concurrency: 200));
        await Eventually.True(async () => (await (await cluster.AwaitLeaderAsync()).StatusAsync()).SnapshotIndex > stragglerLastIndex + 5 * threshold,
            RaftTestCluster.Patience, $"the leader to snapshot past the straggler's log end {stragglerLastIndex} several times over");

        cluster.Restart(straggler);
        await cluster.AwaitAppliedEverywhereAsync(expected);
        var status = await straggler.StatusAsync();
        Assert.True(status.SnapshotIndex > 5 * threshold, $"straggler snapshot index {status.SnapshotIndex}: it should have installed one");

        // And it keeps up with new writes afterwards.
        expected.AddRange(await cluster.WriteManyAsync("after", 10));
        await cluster.AwaitAppliedEverywhereAsync(expected);
    }

    [Fact]
    public async Task A_snapshot_that_is_slow_to_serialise_does_not_stall_the_node()
    {
        // Long election timeouts: on a loaded machine a re-election would move the writes away
        // from the node whose snapshot is held up, which is the one this test watches.
        await using var cluster = RaftTestCluster.Start(3, options: RaftTestCluster.Options with { ElectionTicks = 100 });
        var expected = await cluster.WriteManyAsync("before", 20);
        var leader = await cluster.AwaitLeaderAsync();
        await leader.Raft!.Ask<SnapshotTaken>(TakeSnapshot.Instance, TimeSpan.FromSeconds(30)); // the store is warm
        expected.AddRange(await cluster.WriteManyAsync("more", 5));
        using var gate = new ManualResetEventSlim(false);
        await leader.Raft!.Ask<ReadResult>(new Read(sm => ((TestStateMachine)sm).SerializeGate = gate, ReadConsistency.Local), TimeSpan.FromSeconds(5));

        var snapshot = leader.Raft.Ask<SnapshotTaken>(TakeSnapshot.Instance, TimeSpan.FromSeconds(30));
        try
        {
            // Serialisation is held up, yet the leader still commits writes and answers.
            expected.AddRange(await cluster.WriteManyAsync("during", 20, via: leader));
            Assert.Equal(RaftRole.Leader, (await leader.StatusAsync()).Role);
            // A held-up snapshot is never saved, however long one waits.
            Assert.NotSame(snapshot, await Task.WhenAny(snapshot, Task.Delay(TimeSpan.FromSeconds(1))));
        }
        finally
        {
            gate.Set();
        }

        var taken = await snapshot;
        Assert.True(taken.Index >= 25, $"snapshot at {taken.Index}");
        Assert.True((await leader.StatusAsync()).SnapshotIndex >= taken.Index);
        await cluster.AwaitAppliedEverywhereAsync(expected);
    }

    [Fact]
    public async Task A_new_learner_joins_a_compacted_cluster_through_a_snapshot()
    {
        await using var cluster = RaftTestCluster.Start(3, Threshold);
        var expected = await cluster.WriteManyAsync("history", 200);
        var joiner = cluster.AddNode();
        var leader = await cluster.AwaitLeaderAsync();
        await cluster.ChangeMembershipAsync(new AddMember(joiner.Member));

        await cluster.AwaitAppliedEverywhereAsync(expected);
        await Eventually.True(async () => (await leader.StatusAsync()).Members.Any(m => m.Member.Id == joiner.Id && m.Voter),
            RaftTestCluster.Patience, "the new server to be promoted to voter");
    }

    [Fact]
    public async Task A_node_restarts_from_its_snapshot_plus_the_entries_after_it()
    {
        await using var cluster = RaftTestCluster.Start(3, Threshold);
        var expected = await cluster.WriteManyAsync("w", 130);
        await cluster.AwaitAppliedEverywhereAsync(expected);
        // Snapshots are serialised in the background, at the lowest priority: on a busy machine
        // the first may still be in progress once the writes are applied.
        await Eventually.True(async () => (await Task.WhenAll(cluster.Nodes.Select(n => n.StatusAsync()))).All(s => s.SnapshotIndex >= Threshold),
            RaftTestCluster.Patience, "every node to have snapshotted");

        foreach (var node in cluster.Nodes) await cluster.CrashAsync(node);
        foreach (var node in cluster.Nodes) cluster.Restart(node);
        await cluster.AwaitLeaderAsync();
        expected.AddRange(await cluster.WriteManyAsync("after-restart", 5));
        await cluster.AwaitAppliedEverywhereAsync(expected);
    }

    [Fact]
    public async Task Members_compact_at_different_indexes()
    {
        // A compaction holds the node's journal while it deletes the events its snapshot covers;
        // at one shared index every member would hold its journal at once (SnapshotPolicy).
        await using var cluster = RaftTestCluster.Start(3, Threshold);
        var expected = await cluster.WriteManyAsync("w", 3 * (int)Threshold, concurrency: 1);
        await cluster.AwaitAppliedEverywhereAsync(expected);

        var indexes = await Eventually.Get(async () =>
        {
            var statuses = await Task.WhenAll(cluster.Nodes.Select(n => n.StatusAsync()));
            return statuses.All(s => s.SnapshotIndex >= 2 * Threshold) ? statuses.Select(s => s.SnapshotIndex).ToList() : null;
        }, RaftTestCluster.Patience, "every node to compact twice");
        Assert.Equal(3, indexes.Distinct().Count());
    }

    [Fact]
    public async Task A_snapshot_on_demand_compacts_the_log()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var expected = await cluster.WriteManyAsync("x", 30);
        var leader = await cluster.AwaitLeaderAsync();
        var taken = await leader.Raft!.Ask<SnapshotTaken>(TakeSnapshot.Instance, TimeSpan.FromSeconds(10));
        Assert.True(taken.Index >= 31, $"snapshot at {taken.Index}");
        var status = await leader.StatusAsync();
        Assert.Equal(taken.Index, status.SnapshotIndex);
        Assert.Equal(status.LastLogIndex - status.SnapshotIndex, status.LogEntries);

        // Nothing new applied: a second request reports the same snapshot.
        var again = await leader.Raft!.Ask<SnapshotTaken>(TakeSnapshot.Instance, TimeSpan.FromSeconds(10));
        Assert.True(again.Index >= taken.Index);
        await cluster.AwaitAppliedEverywhereAsync(expected);
    }

    [Fact]
    public async Task The_journal_events_a_snapshot_covers_are_all_deleted_a_batch_at_a_time()
    {
        await using var cluster = RaftTestCluster.Start(1, snapshotThreshold: 1_000_000, tune: s => s with { JournalDeleteBatch = 7 });
        var node = cluster.Nodes[0];
        await cluster.WriteManyAsync("x", 60, concurrency: 1);
        var before = JournalRows(node);
        Assert.True(before > 60, $"{before} journal rows before the snapshot");

        await node.Raft!.Ask<SnapshotTaken>(TakeSnapshot.Instance, TimeSpan.FromSeconds(10));
        // Nine deletes or more, each started by the last one's success: none may be dropped.
        await Eventually.True(() => Task.FromResult(JournalRows(node) <= 1), RaftTestCluster.Patience, "every covered journal event to be deleted");

        // The node restarts from the snapshot alone and goes on.
        await cluster.CrashAsync(node);
        cluster.Restart(node);
        await cluster.AwaitLeaderAsync();
        await cluster.WriteManyAsync("after", 3);
    }

    /// <summary>The journal's rows of the node's events (Akka.Persistence.Sql may keep the highest, marked deleted).</summary>
    private static long JournalRows(RaftTestNode node)
    {
        using var connection = new SqliteConnection($"Data Source={node.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", $"raft-{node.Id}");
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_snapshot_is_serialised_on_a_thread_paced_to_its_share_of_a_core()
    {
        await using var cluster = RaftTestCluster.Start(3);
        await cluster.WriteManyAsync("x", 5);
        var leader = await cluster.AwaitLeaderAsync();
        await leader.Raft!.Ask<SnapshotTaken>(TakeSnapshot.Instance, TimeSpan.FromSeconds(10));

        var read = await leader.Raft!.Ask<ReadResult>(
            new Read(sm => ((TestStateMachine)sm).SerializedAtCpuPercent, ReadConsistency.Local), TimeSpan.FromSeconds(5));
        var percent = new RaftNodeSettings("n", () => new TestStateMachine()).SnapshotCpuPercent;
        Assert.True(percent < 100, "by default a snapshot holds itself to a share of a core");
        Assert.Equal(percent, Assert.IsType<ReadResult.Served>(read).Value);
    }

    [Fact]
    public async Task Under_concurrent_load_with_frequent_snapshots_every_node_applies_the_same_sequence()
    {
        // Regression: a ready without journal events was once completed ahead of an earlier
        // deferred one, applying committed entries out of order and snapshotting a state that
        // did not match its index.
        await using var cluster = RaftTestCluster.Start(3, snapshotThreshold: 20);
        await cluster.AwaitLeaderAsync();
        var proposals = Enumerable.Range(0, 600)
            .Select(i => cluster.ProposeCommittedAsync($"load-{i}", cluster.Nodes[i % 3]))
            .ToList();
        var results = await Task.WhenAll(proposals);
        var leaderApplied = await cluster.AppliedAsync(await cluster.AwaitLeaderAsync());
        Assert.Equal(600, leaderApplied.Count);
        Assert.Equal(600, results.Select(r => r.Index).Distinct().Count());
        await cluster.AwaitAppliedEverywhereAsync(leaderApplied);
    }

    [Fact]
    public async Task A_follower_killed_in_the_middle_of_a_snapshot_transfer_recovers_and_catches_up()
    {
        // Small chunks and big commands: the transfer takes hundreds of round trips.
        var options = RaftTestCluster.Options with { SnapshotChunkBytes = 2048 };
        await using var cluster = RaftTestCluster.Start(3, Threshold, options);
        var leader = await cluster.AwaitLeaderAsync();
        var straggler = cluster.Nodes.First(n => n != leader);
        await cluster.CrashAsync(straggler);
        var padding = new string('x', 4000);
        var expected = await cluster.WriteManyAsync($"big-{padding}", 300);

        cluster.Restart(straggler);
        // Whoever leads by then (a loaded machine may have held an election meanwhile).
        MemberStatus? seen = null;
        await Eventually.True(async () =>
        {
            var current = await cluster.AwaitLeaderAsync();
            seen = (await current.StatusAsync()).Members.Single(m => m.Member.Id == straggler.Id);
            return seen is { Replication: "snapshot", SnapshotBytesSent: > 0 };
        }, RaftTestCluster.Patience, () => $"the leader to be part-way through sending the snapshot; it last saw {seen}");
        await cluster.CrashAsync(straggler);

        cluster.Restart(straggler);
        await cluster.AwaitAppliedEverywhereAsync(expected);
    }

    [Fact]
    public async Task A_node_killed_while_saving_a_snapshot_recovers_with_its_state()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var expected = await cluster.WriteManyAsync("s", 200);
        await cluster.AwaitAppliedEverywhereAsync(expected);
        var leader = await cluster.AwaitLeaderAsync();
        var victim = cluster.Nodes.First(n => n != leader);

        // Kill it right after asking for a snapshot: the save may or may not have completed.
        victim.Raft!.Tell(TakeSnapshot.Instance);
        await cluster.CrashAsync(victim);
        cluster.Restart(victim);

        expected.AddRange(await cluster.WriteManyAsync("t", 20));
        await cluster.AwaitAppliedEverywhereAsync(expected);
    }
}
