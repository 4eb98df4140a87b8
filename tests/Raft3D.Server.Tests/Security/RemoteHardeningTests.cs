using Akka.Actor;
using Akka.Configuration;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Security;

/// <summary>
/// SPEC §10, the Raft port: another actor system that reaches a node can neither make it build
/// a type of the sender's choosing through Akka's JSON serializer nor stop its Raft actor with
/// a PoisonPill or Kill. Each attack is also run against a plain Akka system, to show that the
/// test would catch it there.
/// </summary>
public sealed class RemoteHardeningTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new("raft3d-remote");
    private TestNode _node = null!;
    private ActorSystem _attacker = null!;

    private static Config Plain => ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.loglevel = WARNING
        akka.stdout-loglevel = OFF
        """);

    public async Task InitializeAsync()
    {
        _node = new TestNode("node1", FreePorts.Next(), FreePorts.Next(), _folder.Path, null);
        await _node.StartAsync("-bootstrap");
        await Eventually.True(async () => (await _node.StatusAsync()).GetProperty("is_leader").GetBoolean(), TimeSpan.FromSeconds(30), "node1 to lead");
        _attacker = ActorSystem.Create("attacker", Plain);
    }

    public async Task DisposeAsync()
    {
        await _attacker.Terminate();
        await _node.DisposeAsync();
        _folder.Dispose();
    }

    private IActorRef Resolve(string system, int port, string path = "/user/raft") =>
        ((ExtendedActorSystem)_attacker).Provider.ResolveActorRef($"akka.tcp://{system}@127.0.0.1:{port}{path}");

    private static int PortOf(ActorSystem system) => ((ExtendedActorSystem)system).Provider.DefaultAddress.Port!.Value;

    private Task<string> LogAsync() => File.ReadAllTextAsync(_node.LogFile);

    [Fact]
    public async Task A_message_naming_a_type_for_the_json_serializer_is_dropped_without_building_it()
    {
        Resolve("raft3d", _node.RaftPort).Tell(new Canary(1));
        // The node's log names the refused serializer id once the message has arrived.
        await Eventually.True(async () => (await LogAsync()).Contains("serializer id [1]"), TimeSpan.FromSeconds(30),
            "the node to log the refused JSON message");
        Assert.False(Canary.Built, "the node built the type a remote sender named");
        var log = await LogAsync();
        Assert.True(log.Contains("this node accepts only its own message types"), log);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _node.GetAsync("/cluster/status")).Status);
    }

    [Fact]
    public async Task On_a_plain_akka_system_the_same_message_builds_the_named_type()
    {
        using var victim = ActorSystem.Create("victim", Plain);
        victim.ActorOf(Props.Empty, "raft");
        Resolve("victim", PortOf(victim)).Tell(new ControlCanary(1));
        await Eventually.True(() => Task.FromResult(ControlCanary.Built), TimeSpan.FromSeconds(30), "the plain system to build the type");
        await victim.Terminate();
    }

    [Fact]
    public async Task A_remote_poison_pill_or_kill_leaves_the_raft_actor_serving()
    {
        _attacker.ActorSelection($"akka.tcp://raft3d@127.0.0.1:{_node.RaftPort}/user/raft").Tell(PoisonPill.Instance);
        _attacker.ActorSelection($"akka.tcp://raft3d@127.0.0.1:{_node.RaftPort}/user/*").Tell(Kill.Instance);
        var raft = Resolve("raft3d", _node.RaftPort);
        raft.Tell(PoisonPill.Instance);
        raft.Tell(Kill.Instance);
        // Messages of one association arrive in order: once the node has logged this one, it has
        // handled the four before it.
        raft.Tell(new Canary(2));
        await Eventually.True(async () => (await LogAsync()).Contains("serializer id [1]"), TimeSpan.FromSeconds(30),
            "the node to log the marker message");
        for (var i = 0; i < 5; i++)
        {
            var answer = await _node.PostAsync("/api/v1/printers", $$"""{"id":"after-pill-{{i}}","company":"Prusa","model":"MK4"}""");
            Assert.True(answer.Status == System.Net.HttpStatusCode.Created, $"{answer}\n{await LogAsync()}");
        }
        var log = await LogAsync();
        Assert.DoesNotContain("ActorKilledException", log);
        Assert.Contains("refused a remote Kill", log);
    }

    [Fact]
    public async Task On_a_plain_akka_system_a_remote_poison_pill_stops_the_actor()
    {
        using var victim = ActorSystem.Create("victim", Plain);
        victim.ActorOf(Props.Empty, "raft");
        _attacker.ActorSelection($"akka.tcp://victim@127.0.0.1:{PortOf(victim)}/user/raft").Tell(PoisonPill.Instance);
        await Eventually.True(async () =>
        {
            try
            {
                await victim.ActorSelection("/user/raft").ResolveOne(TimeSpan.FromSeconds(1));
                return false;
            }
            catch (ActorNotFoundException)
            {
                return true;
            }
        }, TimeSpan.FromSeconds(30), "the plain system's actor to stop");
        await victim.Terminate();
    }

    /// <summary>Built by the test with its own constructor; deserialization would use the parameterless one, which says so.</summary>
    public sealed class Canary
    {
        public Canary() => Built = true;

        public Canary(int marker) => Marker = marker;

        public static bool Built { get; private set; }

        public int Marker { get; set; }
    }

    /// <summary>The same for the plain-system control, with its own flag.</summary>
    public sealed class ControlCanary
    {
        public ControlCanary() => Built = true;

        public ControlCanary(int marker) => Marker = marker;

        public static bool Built { get; private set; }

        public int Marker { get; set; }
    }
}
