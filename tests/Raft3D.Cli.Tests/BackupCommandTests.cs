namespace Raft3D.Cli.Tests;

/// <summary>`raft3d cluster backup FILE`: the file is written whole, from the first node that answers.</summary>
public sealed class BackupCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("raft3d-cli-backup").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_backup_is_saved_from_the_next_node_when_one_is_down()
    {
        var nodes = new FakeNodes();
        nodes.Down.Add("127.0.0.1:8081");
        nodes.Answers["127.0.0.1:8082 GET /cluster/backup"] = (200, "RAFT3DBK-bytes");
        var file = Path.Combine(_folder, "b.r3db");

        var (exit, stdout, _) = await nodes.RunAsync("--node", "127.0.0.1:8081,127.0.0.1:8082", "cluster", "backup", file);

        Assert.Equal(0, exit);
        Assert.Equal("RAFT3DBK-bytes", await File.ReadAllTextAsync(file));
        Assert.Contains(file, stdout);
        Assert.Contains("from 127.0.0.1:8082", stdout);
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public async Task A_refusal_leaves_no_file_and_exits_1()
    {
        var nodes = new FakeNodes();
        nodes.Answers["127.0.0.1:8081 GET /cluster/backup"] = (503, """{"title":"No leader","detail":"no quorum"}""");
        var file = Path.Combine(_folder, "b.r3db");

        var (exit, _, stderr) = await nodes.RunAsync("--node", "127.0.0.1:8081", "cluster", "backup", file);

        Assert.Equal(1, exit);
        Assert.Contains("No leader: no quorum", stderr);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task A_missing_file_argument_is_bad_usage()
    {
        Assert.Equal(2, (await new FakeNodes().RunAsync("cluster", "backup")).Exit);
    }
}
