using Raft3D.Server.Backup;
using Raft3D.Server.Flags;
using Raft3D.Server.Hosting;
using Raft3D.Server.StateMachine;
using Raft3D.Server.Tests.Harness;

namespace Raft3D.Server.Tests.Flags;

/// <summary>-advertise-*, -restore and -force-new-cluster: what they set and what they refuse.</summary>
public sealed class OperationsFlagsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Advertised_addresses_are_what_peers_and_clients_are_told()
    {
        var node = NodeOptionsReader.Read(FlagParser.Parse(["-id", "n1", "-http", "0.0.0.0:8081", "-raft", "0.0.0.0:7001",
            "--advertise-http", "10.1.2.3:8081", "-advertise-raft=node1.example:7001", "-bootstrap"]));

        Assert.Equal("10.1.2.3:8081", node.HttpAddress);
        Assert.Equal("akka.tcp://raft3d@node1.example:7001", node.RaftAddress);
        Assert.Equal("0.0.0.0", node.Raft.Host);
        var settings = node.RaftSettings(() => throw new InvalidOperationException());
        Assert.Equal(node.Self, Assert.Single(settings.Bootstrap!.Voters));
    }

    [Fact]
    public void Without_advertise_flags_the_bound_addresses_are_advertised()
    {
        var node = NodeOptionsReader.Read(FlagParser.Parse(["-id", "n1", "-http", ":8081", "-raft", "localhost:7001"]));
        Assert.Equal("127.0.0.1:8081", node.HttpAddress);
        Assert.Equal("akka.tcp://raft3d@localhost:7001", node.RaftAddress);
    }

    [Theory]
    [InlineData("-raft 0.0.0.0:7001: name an address peers can reach", "-raft", "0.0.0.0:7001")]
    [InlineData("-advertise-raft 0.0.0.0:7001: advertise an address others can reach", "-advertise-raft", "0.0.0.0:7001")]
    [InlineData("-advertise-http :8081: name the host", "-advertise-http", ":8081")]
    [InlineData("-advertise-http x: not a host:port address", "-advertise-http", "x")]
    [InlineData("-restore b.r3db needs -bootstrap", "-restore", "b.r3db")]
    [InlineData("-force-new-cluster restarts a node from its own data", "-force-new-cluster", "-bootstrap")]
    [InlineData("-force-new-cluster restarts a node from its own data", "-force-new-cluster", "-join", "127.0.0.1:8080")]
    [InlineData("-force-new-cluster restarts a node from its own data", "-force-new-cluster", "-clean")]
    public void Bad_combinations_are_refused_with_one_line(string message, params string[] extra)
    {
        var error = Assert.Throws<FlagException>(() => NodeOptionsReader.Read(FlagParser.Parse(["-id", "n1", .. extra])));
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Force_new_cluster_hands_this_node_to_the_raft_actor()
    {
        var node = NodeOptionsReader.Read(FlagParser.Parse(["-id", "n1", "-raft", "127.0.0.1:7001", "-force-new-cluster"]));
        Assert.Equal(node.Self, node.RaftSettings(() => throw new InvalidOperationException()).ForceNewCluster);
        Assert.Null(NodeOptionsReader.Read(FlagParser.Parse(["-id", "n1"])).RaftSettings(() => throw new InvalidOperationException()).ForceNewCluster);
    }

    [Fact]
    public void Restore_refuses_a_data_directory_that_is_not_empty()
    {
        var backup = WriteBackup(_folder.Combine("b.r3db"));
        var flags = FlagParser.Parse(["-id", "n1", "-data", _folder.Combine("data"), "-restore", backup, "-bootstrap"]);
        Directory.CreateDirectory(_folder.Combine("data", "n1"));
        File.WriteAllText(_folder.Combine("data", "n1", "raft.db"), "");
        var error = Assert.Throws<StartupException>(() => RestoreLoader.Apply(NodeOptionsReader.Read(flags)));
        Assert.Contains("is not empty", error.Message);
    }

    [Fact]
    public void Restore_reads_the_backup_into_the_raft_settings()
    {
        var backup = WriteBackup(_folder.Combine("b.r3db"));
        var node = RestoreLoader.Apply(NodeOptionsReader.Read(FlagParser.Parse(["-id", "n1", "-data", _folder.Combine("data"), "-restore", backup, "-bootstrap"])));
        var restore = node.RaftSettings(() => throw new InvalidOperationException()).Restore!;
        Assert.Equal((41L, 3L), (restore.Index, restore.Term));
    }

    [Theory]
    [InlineData("truncated", 10)]
    [InlineData("corrupt", -1)]
    public void Restore_refuses_a_damaged_backup_naming_the_file(string problem, int damage)
    {
        var backup = WriteBackup(_folder.Combine("b.r3db"));
        var bytes = File.ReadAllBytes(backup);
        if (damage > 0) File.WriteAllBytes(backup, bytes[..^damage]);
        else
        {
            bytes[bytes.Length / 2] ^= 1;
            File.WriteAllBytes(backup, bytes);
        }
        var flags = FlagParser.Parse(["-id", "n1", "-data", _folder.Combine("data"), "-restore", backup, "-bootstrap"]);
        var error = Assert.Throws<StartupException>(() => RestoreLoader.Apply(NodeOptionsReader.Read(flags)));
        Assert.Contains(problem, error.Message);
        Assert.Contains(backup, error.Message);
    }

    private static string WriteBackup(string path)
    {
        var state = new FarmStateMachine().Snapshot();
        File.WriteAllBytes(path, BackupFormat.Encode(new BackupHeader(BackupFormat.Version, "", 41, 3, DateTimeOffset.UtcNow, state.Length), state));
        return path;
    }
}
