using Akka.Actor;
using Microsoft.Data.Sqlite;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;
using Raft3D.Testing;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>
/// Snapshots larger than one segment: stored as several rows of the snapshot store, sent and
/// installed, recovered from those rows, and the rows of replaced snapshots deleted. The
/// segment is 256 bytes here, so a few hundred commands make a snapshot of several.
/// </summary>
public sealed class SnapshotSegmentTests
{
    private const long Threshold = 50;
    private const int SegmentBytes = 256;

    [Fact]
    public async Task Nodes_save_a_large_snapshot_in_segments_and_restart_from_them()
    {
        await using var cluster = RaftTestCluster.Start(3, Threshold, segmentBytes: SegmentBytes);
        var expected = await cluster.WriteManyAsync("w", 130);
        await cluster.AwaitAppliedEverywhereAsync(expected);
        foreach (var node in cluster.Nodes)
        {
            // Snapshots are taken in the background: the one past 100 entries may still be in progress.
            await Eventually.True(async () =>
            {
                var status = await node.StatusAsync();
                return status.SnapshotIndex >= Threshold && status.SnapshotBytes > 2 * SegmentBytes;
            }, RaftTestCluster.Patience, $"{node.Id} to snapshot more than two segments");
            await Eventually.True(() => Task.FromResult(SegmentRows(node) >= 3), RaftTestCluster.Patience, $"{node.Id}'s snapshot to be stored in segments");
        }

        // The journal up to each snapshot is deleted: what the nodes applied before it comes back from the segments.
        foreach (var node in cluster.Nodes) await cluster.CrashAsync(node);
        foreach (var node in cluster.Nodes) cluster.Restart(node);
        await cluster.AwaitLeaderAsync();
        expected.AddRange(await cluster.WriteManyAsync("after-restart", 5));
        await cluster.AwaitAppliedEverywhereAsync(expected);
    }

    [Fact]
    public async Task A_follower_installs_a_snapshot_of_many_segments_and_restarts_from_it()
    {
        await using var cluster = RaftTestCluster.Start(3, Threshold, segmentBytes: SegmentBytes);
        var leader = await cluster.AwaitLeaderAsync();
        var straggler = cluster.Nodes.First(n => n != leader);
        var expected = await cluster.WriteManyAsync("early", 5);
        await cluster.AwaitAppliedEverywhereAsync(expected);
        await cluster.CrashAsync(straggler);
        expected.AddRange(await cluster.WriteManyAsync("missed", 150));

        cluster.Restart(straggler);
        await cluster.AwaitAppliedEverywhereAsync(expected);
        var installed = await straggler.StatusAsync();
        Assert.True(installed.SnapshotIndex > 5, $"{straggler.Id} snapshot index {installed.SnapshotIndex}: it should have installed the leader's");
        Assert.True(SegmentRows(straggler) >= 3, $"{straggler.Id} holds {SegmentRows(straggler)} segment rows");

        // Restarted before it takes a snapshot of its own, it recovers from the installed one's segments.
        await cluster.CrashAsync(straggler);
        cluster.Restart(straggler);
        await cluster.AwaitAppliedEverywhereAsync(expected);
        expected.AddRange(await cluster.WriteManyAsync("after", 5));
        await cluster.AwaitAppliedEverywhereAsync(expected);
    }

    [Fact]
    public async Task The_segments_of_replaced_snapshots_are_deleted()
    {
        await using var cluster = RaftTestCluster.Start(1, Threshold, segmentBytes: SegmentBytes);
        var node = cluster.Nodes[0];
        var expected = await cluster.WriteManyAsync("w", 400);
        await cluster.AwaitAppliedEverywhereAsync(expected);

        // Several snapshots were taken, each larger than the last: only the latest one's rows remain.
        await Eventually.True(async () =>
        {
            var status = await node.StatusAsync();
            return status.SnapshotIndex >= 7 * Threshold && SegmentRows(node) == (status.SnapshotBytes + SegmentBytes - 1) / SegmentBytes;
        }, RaftTestCluster.Patience, "the rows of older snapshots to be deleted");
    }

    [Fact]
    public async Task Writes_commit_while_a_snapshots_segments_wait_for_their_file()
    {
        await using var cluster = RaftTestCluster.Start(1, snapshotThreshold: 1_000_000, segmentBytes: SegmentBytes);
        var node = cluster.Nodes[0];
        var expected = await cluster.WriteManyAsync("w", 130);

        // Someone holds the segments' file's write lock (an sqlite3 shell left in a transaction):
        // the snapshot waits for it, and the journal, in its own file, does not.
        await using var holder = new SqliteConnection($"Data Source={SqliteStorage.SegmentsPath(node.DatabasePath)};Pooling=False");
        holder.Open();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }
        var snapshot = node.Raft!.Ask<SnapshotTaken>(TakeSnapshot.Instance, TimeSpan.FromSeconds(30));
        await Eventually.True(async () => (await node.StatusAsync()).SnapshotIndex >= 130, RaftTestCluster.Patience, "the snapshot to be taken in memory");
        expected.AddRange(await cluster.WriteManyAsync("during", 5));
        await cluster.AwaitAppliedEverywhereAsync(expected);
        Assert.False(snapshot.IsCompleted, "the snapshot's segments wait for their file's lock");

        await using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }
        Assert.True((await snapshot).Index >= 130);
        await Eventually.True(() => Task.FromResult(SegmentRows(node) >= 3), RaftTestCluster.Patience, "the segments to be saved");
    }

    /// <summary>Rows of the node's snapshot segments in their file.</summary>
    private static long SegmentRows(RaftTestNode node)
    {
        using var connection = new SqliteConnection($"Data Source={SqliteStorage.SegmentsPath(node.DatabasePath)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM snapshot WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", SnapshotSegmentIds.For($"raft-{node.Id}"));
        return (long)command.ExecuteScalar()!;
    }
}
