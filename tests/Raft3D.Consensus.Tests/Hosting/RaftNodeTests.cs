using System.Diagnostics;
using System.Text;
using Akka.Actor;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Tests.Node;
using Raft3D.Testing;

namespace Raft3D.Consensus.Tests.Hosting;

/// <summary>The façade's typed outcomes, against real Raft servers (1 and 3 nodes) over Akka.Remote.</summary>
public sealed class RaftNodeTests
{
    private static byte[] Command(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_single_server_applies_a_proposal_and_serves_typed_reads_status_capture_and_snapshot()
    {
        await using var cluster = RaftTestCluster.Start(1);
        await cluster.AwaitLeaderAsync();
        using var raft = RaftNodes.For(cluster.Nodes[0]);

        var applied = Assert.IsType<ProposeOutcome.Applied>(await raft.ProposeAsync(Command("first")));
        Assert.Equal($"applied #1 at {applied.Index}", Encoding.UTF8.GetString(applied.Result));

        var read = Assert.IsType<ReadOutcome<string[]>.Served>(
            await raft.ReadAsync((TestStateMachine machine) => machine.Applied.ToArray(), ReadConsistency.Linearizable));
        Assert.Equal(["first"], read.Value);
        Assert.True(read.AppliedIndex >= applied.Index);
        var index = Assert.IsType<ReadOutcome<long?>.Served>(
            await raft.ReadAsync((TestStateMachine machine) => machine.IndexOf("first"), ReadConsistency.Local));
        Assert.Equal(applied.Index, index.Value);

        var status = Assert.IsType<StatusOutcome.Known>(await raft.StatusAsync()).Status;
        Assert.Equal((RaftRole.Leader, "n1"), (status.Role, status.LeaderId));

        var captured = Assert.IsType<ReadOutcome<StateCaptured>.Served>(await raft.CaptureStateAsync()).Value;
        Assert.True(captured.Index >= applied.Index);
        Assert.Contains("first", Written(captured.State));

        var snapshot = Assert.IsType<SnapshotOutcome.Taken>(await raft.TakeSnapshotAsync());
        Assert.True(snapshot.Index >= applied.Index && snapshot.Bytes > 0, snapshot.ToString());
    }

    [Fact]
    public async Task A_server_in_no_cluster_answers_no_leader_after_retrying_for_the_request_timeout()
    {
        await using var cluster = RaftTestCluster.Start(1);
        var lonely = cluster.AddNode();
        var timeout = TimeSpan.FromSeconds(1.5);
        using var raft = RaftNodes.For(lonely, new RaftNodeOptions(timeout, timeout));

        var clock = Stopwatch.StartNew();
        Assert.IsType<ProposeOutcome.NoLeader>(await raft.ProposeAsync(Command("nowhere")));
        // It kept asking while no leader was known, instead of answering at the first refusal.
        Assert.True(clock.Elapsed >= timeout / 2, $"answered after {clock.Elapsed}");

        Assert.IsType<ReadOutcome<int>.NoLeader>(await raft.ReadAsync((TestStateMachine m) => m.Applied.Count, ReadConsistency.Linearizable));
        // A local read needs no leader.
        Assert.Equal(0, Assert.IsType<ReadOutcome<int>.Served>(await raft.ReadAsync((TestStateMachine m) => m.Applied.Count, ReadConsistency.Local)).Value);
        Assert.IsType<TransferOutcome.NoLeader>(await raft.TransferLeadershipAsync(null));
        Assert.IsType<MembershipOutcome.NoLeader>(await raft.RemoveMemberAsync("n1"));
    }

    [Fact]
    public async Task A_raft_server_that_never_answers_gives_outcome_unknown_for_a_write_and_typed_timeouts_elsewhere()
    {
        using var system = ActorSystem.Create("silent");
        var silent = system.ActorOf(Props.Create(() => new Silent()));
        var timeout = TimeSpan.FromMilliseconds(300);
        using var raft = RaftNodes.For("silent", silent, new RaftNodeOptions(timeout, timeout));

        // It may have been appended: a write must never be reported as failed (thesis §6.3).
        Assert.IsType<ProposeOutcome.OutcomeUnknown>(await raft.ProposeAsync(Command("lost?")));
        Assert.IsType<ReadOutcome<int>.NoLeader>(await raft.ReadAsync((IStateMachine _) => 1, ReadConsistency.Linearizable));
        Assert.IsType<StatusOutcome.NoAnswer>(await raft.StatusAsync());
        Assert.IsType<MembershipOutcome.OutcomeUnknown>(await raft.RemoveMemberAsync("n2"));
        Assert.IsType<TransferOutcome.OutcomeUnknown>(await raft.TransferLeadershipAsync("n2"));
        Assert.IsType<SnapshotOutcome.NoAnswer>(await raft.TakeSnapshotAsync());
    }

    [Fact]
    public async Task Cancelling_a_call_ends_it_at_once_with_OperationCanceledException()
    {
        await using var cluster = RaftTestCluster.Start(1);
        var lonely = cluster.AddNode();
        // Without cancellation these would wait out a minute.
        var minute = TimeSpan.FromMinutes(1);
        using var raft = RaftNodes.For(lonely, new RaftNodeOptions(minute, minute));

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => raft.ProposeAsync(Command("cancelled"), cancel.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => raft.ReadAsync((TestStateMachine m) => m.Applied.Count, ReadConsistency.Linearizable, cancel.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => raft.StatusAsync(cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_follower_forwards_writes_and_membership_changes_and_hands_leadership_over()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var leader = await cluster.AwaitLeaderAsync();
        var follower = cluster.Running.First(n => n != leader);
        using var viaFollower = RaftNodes.For(follower);

        // A leader change on a loaded machine may leave one attempt's outcome unknown: each attempt is a new command.
        var attempt = 0;
        var applied = await Eventually.Get(async () => await viaFollower.ProposeAsync(Command($"via-follower-{++attempt}")) as ProposeOutcome.Applied,
            RaftTestCluster.Patience, "a write through the follower to be applied");
        var applier = $"via-follower-{attempt}";
        using var viaLeader = RaftNodes.For(leader);
        var index = await Eventually.Get(async () => await viaLeader.ReadAsync((TestStateMachine m) => m.IndexOf(applier), ReadConsistency.Linearizable)
            as ReadOutcome<long?>.Served, RaftTestCluster.Patience, "a linearizable read on the leader");
        Assert.Equal(applied.Index, index.Value);

        var joiner = cluster.AddNode();
        var added = await Eventually.Get(async () => await viaFollower.AddMemberAsync(joiner.Member) as MembershipOutcome.Done,
            RaftTestCluster.Patience, "the learner to be added through the follower");
        Assert.True(added.Configuration.Contains(joiner.Id), added.Configuration.ToString());
        var removed = await Eventually.Get(async () => await viaFollower.RemoveMemberAsync(joiner.Id) as MembershipOutcome.Done,
            RaftTestCluster.Patience, "the learner to be removed through the follower");
        Assert.False(removed.Configuration.Contains(joiner.Id), removed.Configuration.ToString());

        var current = await cluster.AwaitLeaderAsync(cluster.Running.Where(n => n != joiner));
        var target = cluster.Running.First(n => n != current && n != joiner);
        using var viaCurrent = RaftNodes.For(current);
        var transferred = await Eventually.Get(async () => await viaCurrent.TransferLeadershipAsync(target.Id) as TransferOutcome.Done,
            RaftTestCluster.Patience, $"leadership to pass to {target.Id}");
        Assert.Equal(target.Id, transferred.NewLeader);
    }

    [Fact]
    public async Task A_query_that_throws_fails_the_call_and_leaves_the_server_serving()
    {
        await using var cluster = RaftTestCluster.Start(1);
        await cluster.AwaitLeaderAsync();
        using var raft = RaftNodes.For(cluster.Nodes[0]);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            raft.ReadAsync<int>((IStateMachine _) => throw new InvalidOperationException("a bug in the query"), ReadConsistency.Local));
        Assert.IsType<ProposeOutcome.Applied>(await raft.ProposeAsync(Command("still-serving")));
    }

    private static string Written(IStateSnapshot state)
    {
        using var bytes = new MemoryStream();
        state.WriteTo(bytes);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }
}
