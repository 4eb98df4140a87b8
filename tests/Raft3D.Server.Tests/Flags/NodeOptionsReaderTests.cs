using Raft3D.Server.Flags;
using Raft3D.Server.Hosting;
using Raft3D.Server.Tests.Harness;
using Serilog.Events;

namespace Raft3D.Server.Tests.Flags;

public sealed class NodeOptionsReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Config(string hocon)
    {
        var path = _folder.Combine($"{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, hocon);
        return path;
    }

    [Fact]
    public void Defaults_come_from_the_hocon_files()
    {
        var node = NodeOptionsReader.Read(FlagParser.Parse(["-id", "node1"]));

        Assert.Equal("127.0.0.1:8080", node.HttpAddress);
        Assert.Equal("akka.tcp://raft3d@127.0.0.1:7000", node.RaftAddress);
        Assert.Equal(Path.GetFullPath(Path.Combine("data", "node1")), node.DataDirectory);
        Assert.Equal(Path.Combine(node.DataDirectory, "raft.db"), node.DatabasePath);
        Assert.Equal(Path.GetFullPath(Path.Combine("logs", "node1.log")), node.LogFile);
        Assert.Equal(LogEventLevel.Information, node.ConsoleLevel);
        Assert.Equal(LogEventLevel.Debug, node.FileLevel);
        Assert.Equal(TimeSpan.FromSeconds(5), node.Api.RequestTimeout);
        Assert.Equal(100_000, node.Idempotency.MaxEntries);
        Assert.Contains(node.ConfigSources, s => s.EndsWith("raft3d.conf", StringComparison.Ordinal));
        var settings = node.RaftSettings(() => throw new InvalidOperationException());
        Assert.Equal(TimeSpan.FromMilliseconds(100), settings.TickInterval);
        Assert.Equal(5, settings.Options.ElectionTicks);
        Assert.Equal(1, settings.Options.HeartbeatTicks);
        Assert.Equal(100_000, settings.SnapshotThresholdEntries);
        Assert.Equal(64L * 1024 * 1024, settings.SnapshotThresholdBytes);
        Assert.Equal(3000, settings.Options.RemoveDeadServersAfterTicks);
        Assert.Null(settings.Bootstrap);
    }

    [Fact]
    public void The_shipped_settings_ack_system_messages_before_remoting_resends_them()
    {
        // A longer piggyback timeout means fewer idle wake-ups, but an ack later than
        // resend-interval would make every system message go out twice.
        var node = NodeOptionsReader.Read(FlagParser.Parse(["-id", "node1"]));
        var remote = node.Config.WithFallback(Akka.Configuration.ConfigurationFactory.FromResource<Akka.Remote.RemoteActorRefProvider>("Akka.Remote.Configuration.Remote.conf"));

        var ack = remote.GetTimeSpan("akka.remote.system-message-ack-piggyback-timeout");
        Assert.True(ack > TimeSpan.FromSeconds(0.3), $"{ack} is Akka's default or less: the idle wake-ups come back");
        Assert.True(ack < remote.GetTimeSpan("akka.remote.resend-interval"), $"{ack} must stay below resend-interval");
    }

    [Fact]
    public void Config_file_overrides_hocon_and_flags_override_both()
    {
        var config = Config("""
            raft3d.node { http = "127.0.0.1:9999", raft = "127.0.0.1:7777", console-level = error, data = from-file }
            raft3d.raft { tick-interval = 20ms, election-ticks = 20, snapshot-threshold = 50 }
            raft3d.api.request-timeout = 2s
            raft3d.idempotency { max-entries = 10, max-age = 1m }
            akka.remote.dot-netty.tcp.maximum-frame-size = 8MiB
            """);

        var node = NodeOptionsReader.Read(FlagParser.Parse(["-id", "n", "-config", config, "-raft", "127.0.0.1:7100", "-data", "from-flag"]));

        Assert.Equal("127.0.0.1:9999", node.HttpAddress);
        Assert.Equal("akka.tcp://raft3d@127.0.0.1:7100", node.RaftAddress);
        Assert.Equal(LogEventLevel.Error, node.ConsoleLevel);
        Assert.StartsWith(Path.GetFullPath("from-flag"), node.DataDirectory);
        Assert.Equal(TimeSpan.FromSeconds(2), node.Api.RequestTimeout);
        Assert.Equal(10, node.Idempotency.MaxEntries);
        Assert.Equal(TimeSpan.FromMinutes(1), node.Idempotency.MaxAge);
        Assert.Equal(8L * 1024 * 1024, node.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size"));
        var settings = node.RaftSettings(() => throw new InvalidOperationException());
        Assert.Equal(TimeSpan.FromMilliseconds(20), settings.TickInterval);
        Assert.Equal(20, settings.Options.ElectionTicks);
        Assert.Equal(50, settings.SnapshotThresholdEntries);
    }

    [Fact]
    public void Bootstrap_makes_a_single_voter_configuration_of_this_node()
    {
        var node = NodeOptionsReader.Read(FlagParser.Parse(["-id", "n1", "-bootstrap", "-http", ":8085", "-raft", "127.0.0.1:7005"]));

        var bootstrap = node.RaftSettings(() => throw new InvalidOperationException()).Bootstrap!;
        var voter = Assert.Single(bootstrap.Voters);
        Assert.Equal(new Consensus.Membership.Member("n1", "akka.tcp://raft3d@127.0.0.1:7005", "127.0.0.1:8085"), voter);
        Assert.Empty(bootstrap.Learners);
    }

    [Fact]
    public void Bootstrap_members_list_makes_every_listed_node_a_voter()
    {
        var config = Config("""
            raft3d.node.bootstrap-members = [
              { id = a, raft = "127.0.0.1:7001", http = "127.0.0.1:8081" }
              { id = b, raft = "127.0.0.1:7002", http = ":8082" }
            ]
            """);

        var node = NodeOptionsReader.Read(FlagParser.Parse(["-id", "b", "-bootstrap", "-raft", "127.0.0.1:7002", "-config", config]));

        var bootstrap = node.RaftSettings(() => throw new InvalidOperationException()).Bootstrap!;
        Assert.Equal(["a", "b"], bootstrap.Voters.Select(v => v.Id));
        Assert.Equal("127.0.0.1:8082", bootstrap.Voters[1].HttpAddress);
    }

    [Theory]
    [InlineData(new[] { "-http", ":8080" }, "-id is required")]
    [InlineData(new[] { "-id", "bad id" }, "-id bad id: use 1-128 letters")]
    [InlineData(new[] { "-id", "n", "-console-level", "loud" }, "-console-level loud: use debug, info, warn or error")]
    [InlineData(new[] { "-id", "n", "-file-level", "x" }, "-file-level x: use debug, info, warn or error")]
    [InlineData(new[] { "-id", "n", "-raft", "0.0.0.0:7000" }, "-raft 0.0.0.0:7000: name an address peers can reach")]
    [InlineData(new[] { "-id", "n", "-http", "127.0.0.1:7000", "-raft", "127.0.0.1:7000" }, "use the same port")]
    [InlineData(new[] { "-id", "n", "-config", "/nonexistent/x.conf" }, "-config /nonexistent/x.conf: no such file")]
    [InlineData(new[] { "-id", "n", "-join", "nowhere" }, "-join nowhere: not a host:port address")]
    public void Bad_settings_fail_with_one_clear_line(string[] args, string message)
    {
        var error = Assert.Throws<FlagException>(() => NodeOptionsReader.Read(FlagParser.Parse(args)));
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("raft3d.raft.election-ticks = 0", "raft3d.raft.election-ticks must be above 0")]
    [InlineData("raft3d.raft { election-ticks = 4, heartbeat-ticks = 4 }", "heartbeat-ticks must be below election-ticks")]
    [InlineData("raft3d.api.request-timeout = 0s", "raft3d.api.request-timeout must be above 0")]
    [InlineData("raft3d.idempotency.max-entries = 20000000", "raft3d.idempotency.max-entries must be at most 10000000")]
    [InlineData("raft3d.raft.snapshot-segment-bytes = 1KiB", "raft3d.raft.snapshot-segment-bytes must be from 64KiB to 512MiB, not 1024 bytes")]
    [InlineData("raft3d.raft.snapshot-segment-bytes = 1GiB", "raft3d.raft.snapshot-segment-bytes must be from 64KiB to 512MiB")]
    [InlineData("raft3d.raft.snapshot-cpu-percent = 0", "raft3d.raft.snapshot-cpu-percent must be from 1 to 100, not 0")]
    [InlineData("raft3d.raft.snapshot-cpu-percent = 101", "raft3d.raft.snapshot-cpu-percent must be from 1 to 100, not 101")]
    [InlineData("raft3d.idempotency.max-age = 500ms", "raft3d.idempotency.max-age must be a whole number of seconds from 1s to 365d")]
    [InlineData("raft3d.idempotency.max-age = 400d", "raft3d.idempotency.max-age must be a whole number of seconds")]
    [InlineData("raft3d.api.max-body-bytes-in-flight = 512KiB", "raft3d.api.max-body-bytes-in-flight (524288 bytes) must be at least raft3d.api.max-body-bytes (1048576 bytes)")]
    [InlineData("raft3d.node.bootstrap-members = [ { id = other, raft = \"127.0.0.1:1\", http = \":2\" } ]", "does not list this node (n)")]
    [InlineData("raft3d.node.bootstrap-members = [ { id = n } ]", "every entry needs id, raft and http")]
    [InlineData("raft3d.raft.election-ticks = \"many\"", "setting raft3d.raft.election-ticks")]
    [InlineData("raft3d.api.request-timeout = soon", "setting raft3d.api.request-timeout")]
    [InlineData("raft3d { node = \"unterminated", "setting raft3d.node must be an object")]
    public void Bad_hocon_fails_with_one_clear_line(string hocon, string message)
    {
        var error = Assert.Throws<FlagException>(() => NodeOptionsReader.Read(FlagParser.Parse(["-id", "n", "-bootstrap", "-config", Config(hocon)])));
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
