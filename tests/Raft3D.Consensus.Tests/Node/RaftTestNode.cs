using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;
using Akka.Remote.Transport;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Serialization;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>
/// One Raft server in its own ActorSystem, over Akka.Remote on loopback with the throttle
/// adapter (to cut links), persisting to its own SQLite file. Crash = terminate the system;
/// restart = a new system on the same port and file.
/// </summary>
public sealed class RaftTestNode(string id, string databasePath, bool akkaCluster = false)
{
    /// <summary>Fast Akka.Cluster failure detection, so reachability changes within a test's patience.</summary>
    private const string FastClusterFailureDetector = """
        akka.cluster.failure-detector {
          heartbeat-interval = 200ms
          acceptable-heartbeat-pause = 1s
        }
        """;

    public string Id { get; } = id;

    public string DatabasePath { get; } = databasePath;

    public int Port { get; private set; }

    public ActorSystem? System { get; private set; }

    public IActorRef? Raft { get; private set; }

    public Address Address => ((ExtendedActorSystem)System!).Provider.DefaultAddress;

    public bool IsRunning => System is { WhenTerminated.IsCompleted: false };

    /// <summary>Starts the actor system (first time on a free port, later on the same port).</summary>
    public void StartSystem()
    {
        SqliteStorage.Prepare(DatabasePath);
        var hocon = $$"""
            akka {
              loglevel = {{Environment.GetEnvironmentVariable("RAFT3D_TEST_LOGLEVEL") ?? "WARNING"}}
              stdout-loglevel = {{Environment.GetEnvironmentVariable("RAFT3D_TEST_LOGLEVEL") ?? "WARNING"}}
              actor.provider = remote
              remote.dot-netty.tcp {
                hostname = 127.0.0.1
                port = {{Port}}
                applied-adapters = [trttl]
              }
              # The throttling adapter (trttl, for cutting links) can lose the news that a peer
              # restarted in the middle of an association: the old association then swallows
              # every message to the new incarnation, one way, until the transport's failure
              # detector gives up on it (120 s by default; seen in SnapshotTests). Give up in
              # seconds instead, so the next message opens a fresh association.
              remote.transport-failure-detector {
                heartbeat-interval = 1s
                acceptable-heartbeat-pause = 5s
              }
            }
            """;
        var config = ConfigurationFactory.ParseString(hocon)
            .WithFallback(ConfigurationFactory.ParseString(RaftHocon.Serialization))
            .WithFallback(ConfigurationFactory.ParseString(RaftHocon.Remote))
            .WithFallback(SqliteStorage.Config(DatabasePath));
        if (akkaCluster)
        {
            config = ConfigurationFactory.ParseString(RaftHocon.Cluster)
                .WithFallback(ConfigurationFactory.ParseString(FastClusterFailureDetector))
                .WithFallback(config);
        }
        System = ActorSystem.Create("raft", BootstrapSetup.Create().WithConfig(config).And(SqliteStorage.Setup(DatabasePath)));
        Port = Address.Port ?? throw new InvalidOperationException("no port");
    }

    public void StartRaft(RaftOptions options, TimeSpan tick, ClusterConfiguration? bootstrap, Func<IStateMachine> stateMachine, long snapshotThreshold = 10_000,
        TimeProvider? clock = null, Func<RaftNodeSettings, RaftNodeSettings>? tune = null)
    {
        var settings = new RaftNodeSettings(Id, stateMachine)
        {
            Options = options, TickInterval = tick, Bootstrap = bootstrap, SnapshotThresholdEntries = snapshotThreshold,
            Clock = clock ?? TimeProvider.System,
        };
        if (tune is not null) settings = tune(settings);
        Raft = System!.ActorOf(RaftActor.Props(settings), settings.ActorName);
    }

    public Member Member => new(Id, Address.ToString(), $"127.0.0.1:{Port + 1000}");

    public async Task CrashAsync()
    {
        if (System is null) return;
        await System.Terminate();
        System = null;
        Raft = null;
    }

    /// <summary>Cuts (or with heal, restores) this node's link to other, in both directions.</summary>
    public Task<bool> SetLinkAsync(Address other, bool cut)
    {
        var transport = ((RemoteActorRefProvider)((ExtendedActorSystem)System!).Provider).Transport;
        ThrottleMode mode = cut ? Blackhole.Instance : Unthrottled.Instance;
        return transport.ManagementCommand(new SetThrottle(other, ThrottleTransportAdapter.Direction.Both, mode));
    }

    public async Task<RaftStatus> StatusAsync() =>
        await Raft!.Ask<RaftStatus>(GetStatus.Instance, TimeSpan.FromSeconds(5));
}
