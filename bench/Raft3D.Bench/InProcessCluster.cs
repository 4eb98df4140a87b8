using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
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

    public List<IActorRef> Nodes { get; } = [];

    public static async Task<InProcessCluster> StartAsync(int size)
    {
        var cluster = new InProcessCluster();
        var members = new List<Member>();
        for (var i = 1; i <= size; i++)
        {
            var db = Path.Combine(cluster._folder, $"n{i}.db");
            SqliteStorage.Prepare(db);
            var config = ConfigurationFactory.ParseString("""
                    akka.loglevel = WARNING
                    akka.actor.provider = remote
                    akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
                    """)
                .WithFallback(ConfigurationFactory.ParseString(RaftHocon.Serialization))
                .WithFallback(ConfigurationFactory.ParseString(RaftHocon.Remote))
                .WithFallback(SqliteStorage.Config(db));
            var system = ActorSystem.Create("raft", config);
            cluster._systems.Add(system);
            members.Add(new Member($"n{i}", ((ExtendedActorSystem)system).Provider.DefaultAddress.ToString(), ""));
        }
        var configuration = new ClusterConfiguration(members, []);
        for (var i = 0; i < size; i++)
        {
            var settings = new RaftNodeSettings(members[i].Id, () => new NullStateMachine()) { Bootstrap = configuration };
            cluster.Nodes.Add(cluster._systems[i].ActorOf(RaftActor.Props(settings), settings.ActorName));
        }
        await cluster.LeaderAsync();
        return cluster;
    }

    public async Task<IActorRef> LeaderAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var node in Nodes)
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
