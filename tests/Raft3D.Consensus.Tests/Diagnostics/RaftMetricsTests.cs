using System.Text;
using Akka.Actor;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Tests.Node;
using Raft3D.Testing;

namespace Raft3D.Consensus.Tests.Diagnostics;

/// <summary>The "Raft3D.Raft" meter on a real 3-node cluster, read with a MeterListener (no exporter).</summary>
[Collection(MetricsCollection.Name)]
public sealed class RaftMetricsTests
{
    private static readonly TimeSpan Patience = RaftTestCluster.Patience;

    [Fact]
    public async Task Gauges_and_counters_follow_writes_reads_and_a_leader_crash()
    {
        using var metrics = new MeterRecorder();
        await using var cluster = RaftTestCluster.Start(3);
        var leader = await cluster.AwaitLeaderAsync();
        var follower = cluster.Nodes.First(n => n != leader);

        await cluster.WriteManyAsync("via-leader", 20, concurrency: 10, via: leader);
        await cluster.WriteManyAsync("via-follower", 10, concurrency: 10, via: follower);
        var read = await follower.Raft!.Ask<ReadResult>(new Read(_ => null), TimeSpan.FromSeconds(10));
        Assert.IsType<ReadResult.Served>(read);
        var last = (await leader.StatusAsync()).LastLogIndex;

        await Eventually.True(() => Task.FromResult(cluster.Nodes.All(n =>
                metrics.Value("raft3d.commit_index", n.Id) == last && metrics.Value("raft3d.applied_index", n.Id) == last
                && metrics.Value("raft3d.last_log_index", n.Id) == last)),
            Patience, () => $"every node's commit, applied and last index gauges to reach {last}");
        Assert.Equal(30, metrics.Value("raft3d.proposals.committed", leader.Id));
        // Group commit: every proposal went through exactly one batch on the leader.
        Assert.Equal(30, metrics.HistogramSum("raft3d.proposal.batch_size", leader.Id));
        Assert.InRange(metrics.Value("raft3d.proposal.batch_size", leader.Id), 1, 30);
        Assert.True(metrics.Value("raft3d.forwarded_requests", follower.Id, "kind=write") >= 10);
        Assert.Equal(1, metrics.Value("raft3d.linearizable_reads", follower.Id));
        foreach (var node in cluster.Nodes)
        {
            Assert.True(metrics.Value("raft3d.journal.write.duration", node.Id) > 0, $"{node.Id} recorded no journal write");
            Assert.Equal(node == leader ? 1 : 0, metrics.Value("raft3d.is_leader", node.Id));
            Assert.Equal(1, metrics.Value("raft3d.role", node.Id, node == leader ? "role=leader" : "role=follower"));
            Assert.True(metrics.Value("raft3d.term", node.Id) >= 1);
        }
        await Eventually.True(() => Task.FromResult(cluster.Nodes.Where(n => n != leader)
                .All(n => metrics.Value("raft3d.replication.lag", leader.Id, $"follower={n.Id}") == 0)),
            Patience, "the leader to report both followers caught up");
        Assert.Empty(metrics.Labels("raft3d.replication.lag", follower.Id));

        var survivors = cluster.Nodes.Where(n => n != leader).ToList();
        var seenBefore = survivors.ToDictionary(n => n.Id, n => metrics.Value("raft3d.leader_changes", n.Id));
        await cluster.CrashAsync(leader);
        var next = await cluster.AwaitLeaderAsync();
        await Eventually.True(() => Task.FromResult(survivors.All(n => metrics.Value("raft3d.leader_changes", n.Id) > seenBefore[n.Id])),
            Patience, "both survivors to count the new leader");
        Assert.Equal(1, metrics.Value("raft3d.is_leader", next.Id));
        Assert.True(metrics.Value("raft3d.term", next.Id) > 1);
    }

    [Fact]
    public async Task Snapshots_taken_and_installed_are_counted_with_their_size()
    {
        using var metrics = new MeterRecorder();
        await using var cluster = RaftTestCluster.Start(3);
        var leader = await cluster.AwaitLeaderAsync();
        var lagging = cluster.Nodes.First(n => n != leader);
        await cluster.CrashAsync(lagging);
        await cluster.WriteManyAsync("w", 20, via: leader);

        var taken = await leader.Raft!.Ask<SnapshotTaken>(TakeSnapshot.Instance, TimeSpan.FromSeconds(20));
        Assert.Equal(1, metrics.Value("raft3d.snapshots.taken", leader.Id));
        Assert.Equal(taken.Bytes, metrics.HistogramSum("raft3d.snapshot.size", leader.Id, "kind=taken"));
        Assert.Equal(1, metrics.Value("raft3d.snapshot.duration", leader.Id, "kind=taken"));

        // The restarted follower's next entry is compacted on the leader: it gets the snapshot.
        cluster.Restart(lagging);
        await Eventually.True(() => Task.FromResult(metrics.Value("raft3d.snapshots.installed", lagging.Id) == 1),
            Patience, "the restarted follower to install the leader's snapshot");
        Assert.True(metrics.HistogramSum("raft3d.snapshot.size", lagging.Id, "kind=installed") > 0);
        Assert.Equal(1, metrics.Value("raft3d.snapshot.duration", lagging.Id, "kind=installed"));
    }

    [Fact]
    public async Task Proposals_to_a_node_that_knows_no_leader_count_as_failed()
    {
        using var metrics = new MeterRecorder();
        await using var cluster = RaftTestCluster.Start(3);
        var leader = await cluster.AwaitLeaderAsync();
        var alone = cluster.Nodes.First(n => n != leader);
        foreach (var other in cluster.Nodes.Where(n => n != alone)) await cluster.CrashAsync(other);
        // Until its election timer runs out it still names the crashed leader and forwards.
        await Eventually.True(async () => (await alone.StatusAsync()).LeaderId is null, Patience, "the lone node to forget the leader");

        var result = await alone.Raft!.Ask<ProposeResult>(new Propose(Encoding.UTF8.GetBytes("lost")), TimeSpan.FromSeconds(10));
        Assert.IsType<ProposeResult.NoLeader>(result);
        Assert.True(metrics.Value("raft3d.proposals.failed", alone.Id, "reason=no_leader") >= 1);
        Assert.Equal(0, metrics.Value("raft3d.is_leader", alone.Id));
    }
}
