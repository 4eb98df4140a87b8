using System.Runtime.CompilerServices;
using System.Text;
using Akka.Actor;
using Microsoft.Data.Sqlite;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Testing;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>N Raft servers in one test process, each in its own ActorSystem and SQLite file.</summary>
public sealed class RaftTestCluster : IAsyncDisposable
{
    public static readonly RaftOptions Options = new() { ElectionTicks = 10, HeartbeatTicks = 2 };

    /// <summary>30 ms ticks: heartbeats every 60 ms, election timeouts of 300-600 ms.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(30);

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly string _folder;
    private ClusterConfiguration _configuration = ClusterConfiguration.Empty;
    private long _snapshotThreshold = 10_000;
    private Func<RaftNodeSettings, RaftNodeSettings>? _tune;
    private RaftOptions _options = Options;

    private readonly List<RaftTestNode> _nodes;

    /// <summary>
    /// Every node here shares this process's thread pool, where each would have its own. A
    /// journal write that meets another writer's SQLite lock blocks a pool thread in SQLite's
    /// busy handler until the lock goes; with the default minimum (one thread per core) that
    /// starved the other nodes' actors long enough to miss an election timeout (3 of 36 runs of
    /// JournalWriteTests' held-lock test; 0 of 20 with more threads).
    /// </summary>
    static RaftTestCluster()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), io);
    }

    private RaftTestCluster(string folder, List<RaftTestNode> nodes)
    {
        _folder = folder;
        _nodes = nodes;
    }

    public IReadOnlyList<RaftTestNode> Nodes => _nodes;

    public IEnumerable<RaftTestNode> Running => Nodes.Where(n => n.IsRunning);

    public static RaftTestCluster Start(int size, long snapshotThreshold = 10_000, RaftOptions? options = null, bool akkaCluster = false, string clusterId = "",
        Func<string, TimeProvider>? clocks = null, int? segmentBytes = null, Func<RaftNodeSettings, RaftNodeSettings>? tune = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "raft3d-tests", Guid.NewGuid().ToString("N"));
        var nodes = Enumerable.Range(1, size).Select(i => new RaftTestNode($"n{i}", Path.Combine(folder, $"n{i}.db"), akkaCluster)).ToList();
        var cluster = new RaftTestCluster(folder, nodes) { _snapshotThreshold = snapshotThreshold, _options = options ?? Options };
        cluster._tune = settings =>
        {
            if (segmentBytes is { } bytes) settings = settings with { SnapshotSegmentBytes = bytes };
            return tune is null ? settings : tune(settings);
        };
        foreach (var node in nodes) node.StartSystem();
        cluster._configuration = new ClusterConfiguration(nodes.Select(n => n.Member).ToList(), []) { ClusterId = clusterId };
        foreach (var node in nodes) node.StartRaft(cluster._options, TickInterval, cluster._configuration, () => new TestStateMachine(), snapshotThreshold, clocks?.Invoke(node.Id), cluster._tune);
        return cluster;
    }

    /// <summary>Starts a new, empty server that belongs to no cluster until it is added.</summary>
    public RaftTestNode AddNode()
    {
        var id = $"n{_nodes.Count + 1}";
        var node = new RaftTestNode(id, Path.Combine(_folder, $"{id}.db"));
        node.StartSystem();
        node.StartRaft(_options, TickInterval, null, () => new TestStateMachine(), _snapshotThreshold, tune: _tune);
        _nodes.Add(node);
        return node;
    }

    public RaftTestNode Node(string id) => Nodes.Single(n => n.Id == id);

    /// <summary>Waits until one running node is leader and the others that are reachable follow it.</summary>
    public Task<RaftTestNode> AwaitLeaderAsync(IEnumerable<RaftTestNode>? among = null, TimeSpan? timeout = null)
    {
        var candidates = (among ?? Running).ToList();
        return Eventually.Get(async () =>
        {
            var statuses = await Task.WhenAll(candidates.Select(n => n.StatusAsync()));
            var leaders = statuses.Where(s => s.Role == RaftRole.Leader).ToList();
            if (leaders.Count == 0) return null;
            var top = leaders.MaxBy(s => s.Term)!;
            var followers = statuses.Count(s => s.LeaderId == top.NodeId && s.Term == top.Term && top.Members.Any(m => m.Voter && m.Member.Id == s.NodeId));
            return Quorum.IsMajority(top.Members.Count(m => m.Voter), followers) ? Node(top.NodeId) : null;
        }, timeout ?? Patience, "a leader followed by a majority");
    }

    public async Task<ProposeResult> ProposeAsync(RaftTestNode via, string command) =>
        await via.Raft!.Ask<ProposeResult>(new Propose(Encoding.UTF8.GetBytes(command)), TimeSpan.FromSeconds(10));

    /// <summary>
    /// Proposes through via (or the leader) until it is applied. Retries only when nothing was
    /// appended; after an unknown outcome (leadership lost, no answer) it first asks a leader,
    /// with a linearizable read, whether the command was applied: if that read does not see it,
    /// it never will be (§5.4), so proposing again cannot apply it twice.
    /// </summary>
    public async Task<ProposeResult.Applied> ProposeCommittedAsync(string command, RaftTestNode? via = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        return await Eventually.Get(async () =>
        {
            var target = via ?? await AwaitLeaderAsync();
            ProposeResult result;
            try { result = await ProposeAsync(target, command); }
            catch (AskTimeoutException) { result = new ProposeResult.OutcomeUnknown("no answer"); }
            return result switch
            {
                ProposeResult.Applied applied => applied,
                ProposeResult.OutcomeUnknown when await AppliedIndexOfAsync(command, deadline) is { } index => new ProposeResult.Applied(index, []),
                _ => null,
            };
        }, Patience, $"{command} to commit");
    }

    /// <summary>The index a command was applied at, as a leader confirms with a linearizable read; null: not applied.</summary>
    private async Task<long?> AppliedIndexOfAsync(string command, DateTime deadline)
    {
        var applied = await Eventually.Get(async () =>
        {
            var leader = await AwaitLeaderAsync();
            var read = await leader.Raft!.Ask<ReadResult>(
                new Read(sm => new StrongBox<long?>(((TestStateMachine)sm).IndexOf(command)), ReadConsistency.Linearizable), TimeSpan.FromSeconds(5));
            return read is ReadResult.Served { Value: StrongBox<long?> box } ? box : null;
        }, deadline - DateTime.UtcNow, $"whether {command} was applied");
        return applied.Value;
    }

    /// <summary>
    /// Asks for a membership change (through via, or the leader) until it is done, asking
    /// again after "no leader" or an unknown outcome (a change is idempotent); a refusal throws.
    /// </summary>
    public Task<MembershipResult.Done> ChangeMembershipAsync(object change, RaftTestNode? via = null) =>
        Eventually.Get(async () =>
        {
            var target = via ?? await AwaitLeaderAsync();
            return await target.Raft!.Ask<MembershipResult>(change, TimeSpan.FromSeconds(10)) switch
            {
                MembershipResult.Done done => done,
                MembershipResult.Rejected rejected => throw new InvalidOperationException($"{change} refused: {rejected.Reason}"),
                _ => null,
            };
        }, Patience, $"{change} to be done");

    /// <summary>Proposes count commands named prefix-i, a batch at a time, and returns them in order.</summary>
    public async Task<List<string>> WriteManyAsync(string prefix, int count, int concurrency = 50, RaftTestNode? via = null)
    {
        var written = new List<string>();
        for (var start = 0; start < count; start += concurrency)
        {
            var batch = Enumerable.Range(start, Math.Min(concurrency, count - start)).Select(i => $"{prefix}-{i}").ToList();
            var results = await Task.WhenAll(batch.Select(c => ProposeCommittedAsync(c, via)));
            written.AddRange(batch.Zip(results).OrderBy(p => p.Item2.Index).Select(p => p.Item1));
        }
        return written;
    }

    public async Task<IReadOnlyList<string>> AppliedAsync(RaftTestNode node)
    {
        var result = await node.Raft!.Ask<ReadResult>(
            new Read(sm => ((TestStateMachine)sm).Applied.ToList(), ReadConsistency.Local), TimeSpan.FromSeconds(5));
        return (IReadOnlyList<string>)((ReadResult.Served)result).Value!;
    }

    public Task CrashAsync(RaftTestNode node) => node.CrashAsync();

    public void Restart(RaftTestNode node)
    {
        node.StartSystem();
        node.StartRaft(_options, TickInterval, _configuration, () => new TestStateMachine(), _snapshotThreshold, tune: _tune);
    }

    /// <summary>Cuts every link between node and the other running nodes.</summary>
    public async Task IsolateAsync(RaftTestNode node)
    {
        foreach (var other in Running.Where(o => o != node))
        {
            await node.SetLinkAsync(other.Address, cut: true);
            await other.SetLinkAsync(node.Address, cut: true);
        }
    }

    public async Task HealAsync()
    {
        foreach (var node in Running.ToList())
        foreach (var other in Running.Where(o => o != node))
            await node.SetLinkAsync(other.Address, cut: false);
    }

    /// <summary>A node's view, for failure messages: role, term, leader, indexes, and as leader its followers' progress.</summary>
    private static async Task<string> DescribeAsync(RaftTestNode node)
    {
        try
        {
            var s = await node.StatusAsync();
            var followers = s.Role == RaftRole.Leader
                ? " [" + string.Join(", ", s.Members.Where(m => m.Member.Id != s.NodeId).Select(m => $"{m.Member.Id} {m.Replication} match {m.MatchIndex} sent {m.SnapshotBytesSent}/{m.SnapshotBytesTotal} contact {m.LastContact:HH:mm:ss.fff}")) + "]"
                : "";
            return $"{s.NodeId}: {s.Role} term {s.Term} leader {s.LeaderId ?? "-"} commit {s.CommitIndex} applied {s.AppliedIndex} last {s.LastLogIndex} snapshot {s.SnapshotIndex}{followers}";
        }
        catch (Exception e)
        {
            return $"{node.Id}: no status ({e.GetType().Name})";
        }
    }

    /// <summary>Waits until every running node has applied exactly the expected sequence.</summary>
    public async Task AwaitAppliedEverywhereAsync(IReadOnlyList<string> expected, IEnumerable<RaftTestNode>? nodes = null)
    {
        var lag = "";
        try
        {
            await Eventually.True(async () =>
            {
                foreach (var node in (nodes ?? Running).ToList())
                {
                    var applied = await AppliedAsync(node);
                    if (applied.SequenceEqual(expected)) continue;
                    var differsAt = applied.Zip(expected).TakeWhile(p => p.Item1 == p.Item2).Count();
                    lag = $"{node.Id} has applied {applied.Count} of {expected.Count} commands, the same up to #{differsAt}; " +
                        string.Join("; ", await Task.WhenAll(Running.Select(DescribeAsync)));
                    return false;
                }
                return true;
            }, Patience, "every node to apply the same sequence");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}: {lag}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Nodes.Select(n => n.CrashAsync()));
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection: the temp folder is cleaned by the OS.
        }
    }
}
