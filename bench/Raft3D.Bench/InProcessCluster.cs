using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Raft3D.Consensus;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Serialization;

namespace Raft3D.Bench;

/// <summary>Three Raft servers in this process, over Akka.Remote on loopback, each with its own SQLite file.</summary>
public sealed class InProcessCluster : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raft3d-bench", Guid.NewGuid().ToString("N"));
    private readonly List<ActorSystem> _systems = [];
    private readonly List<int> _ports = [];
    private ClusterConfiguration _configuration = ClusterConfiguration.Empty;
    private long _snapshotThreshold;
    private Func<IStateMachine> _stateMachine = () => new NullStateMachine();

    public List<IActorRef> Nodes { get; } = [];

    public string DatabasePath(int node) => Path.Combine(_folder, $"n{node + 1}.db");

    public static async Task<InProcessCluster> StartAsync(int size, long snapshotThreshold = 10_000, Func<IStateMachine>? stateMachine = null)
    {
        var cluster = new InProcessCluster { _snapshotThreshold = snapshotThreshold };
        if (stateMachine is not null) cluster._stateMachine = stateMachine;
        var members = new List<Member>();
        for (var i = 0; i < size; i++)
        {
            var system = cluster.StartSystem(i, port: 0);
            cluster._systems.Add(system);
            cluster._ports.Add(((ExtendedActorSystem)system).Provider.DefaultAddress.Port!.Value);
            members.Add(new Member($"n{i + 1}", ((ExtendedActorSystem)system).Provider.DefaultAddress.ToString(), ""));
        }
        cluster._configuration = new ClusterConfiguration(members, []);
        for (var i = 0; i < size; i++) cluster.Nodes.Add(cluster.StartRaft(i));
        await cluster.LeaderAsync();
        return cluster;
    }

    private ActorSystem StartSystem(int node, int port)
    {
        SqliteStorage.Prepare(DatabasePath(node));
        var config = ConfigurationFactory.ParseString($$"""
                akka.loglevel = WARNING
                akka.actor.provider = remote
                akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = {{port}} }
                """)
            .WithFallback(ConfigurationFactory.ParseString(RaftHocon.Serialization))
            .WithFallback(ConfigurationFactory.ParseString(RaftHocon.Remote))
            .WithFallback(SqliteStorage.Config(DatabasePath(node)));
        return ActorSystem.Create("raft", BootstrapSetup.Create().WithConfig(config).And(SqliteStorage.Setup(DatabasePath(node))));
    }

    private IActorRef StartRaft(int node)
    {
        var settings = new RaftNodeSettings($"n{node + 1}", _stateMachine)
        {
            Bootstrap = _configuration, SnapshotThresholdEntries = _snapshotThreshold,
        };
        return _systems[node].ActorOf(RaftActor.Props(settings), settings.ActorName);
    }

    /// <summary>Stops a node's actor system and starts it again from its file; returns the time until it answers.</summary>
    public async Task<TimeSpan> RestartAsync(int node)
    {
        await StopAsync(node);
        return await StartAgainAsync(node);
    }

    /// <summary>Stops a node's actor system (its file stays).</summary>
    public async Task StopAsync(int node)
    {
        await _systems[node].Terminate();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Starts a stopped node from its file; returns the time until it answers.</summary>
    public async Task<TimeSpan> StartAgainAsync(int node)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        _systems[node] = StartSystem(node, _ports[node]);
        Nodes[node] = StartRaft(node);
        // Commands wait until recovery completes, so the first answer marks the end of recovery.
        await Nodes[node].Ask<RaftStatus>(GetStatus.Instance, TimeSpan.FromMinutes(10));
        return started.Elapsed;
    }

    public async Task<IActorRef> LeaderAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var node in Nodes.Where((_, i) => !_systems[i].WhenTerminated.IsCompleted))
                if ((await node.Ask<RaftStatus>(GetStatus.Instance, TimeSpan.FromSeconds(5))).Role == RaftRole.Leader)
                    return node;
            await Task.Delay(50);
        }
        throw new TimeoutException("no leader within 30 s");
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_systems.Select(s => s.Terminate()));
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
