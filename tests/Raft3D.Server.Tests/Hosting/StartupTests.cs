using System.Net;
using System.Net.Sockets;
using Raft3D.Server.Hosting;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Hosting;

/// <summary>The program's exit code and its one line on stderr for every way a start can fail.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Raft3DApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static void AssertOneLine(string error, string expected)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("raft3d: ", lines[0]);
        Assert.Contains(expected, lines[0]);
    }

    [Theory]
    [InlineData("-id is required", "-http", ":8080")]
    [InlineData("flag provided but not defined: -port", "-id", "n1", "-port", "8080")]
    [InlineData("flag needs an argument: -raft", "-id", "n1", "-raft")]
    [InlineData("-http 127.0.0.1:99999: the port must be a number from 1 to 65535", "-id", "n1", "-http", "127.0.0.1:99999")]
    [InlineData("-raft nohost: not a host:port address", "-id", "n1", "-raft", "nohost")]
    [InlineData("-console-level verbose!: use debug, info, warn or error", "-id", "n1", "-console-level", "verbose!")]
    [InlineData("-id .: not a usable id", "-id", ".", "-clean")]
    [InlineData("-id ..: not a usable id", "-id", "..", "-clean")]
    public async Task A_bad_command_line_exits_2(string expected, params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        AssertOneLine(error, expected);
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var (code, output, error) = await RunAsync("-help");

        Assert.Equal(0, code);
        Assert.Contains("-bootstrap", output);
        Assert.Empty(error);
    }

    [Fact]
    public async Task A_raft_port_in_use_exits_1()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen(1);
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var (code, _, error) = await RunAsync("-id", "n1", "-http", $"127.0.0.1:{FreePorts.Next()}", "-raft", $"127.0.0.1:{port}",
            "-data", _folder.Combine("data"), "-logs", _folder.Combine("logs"));

        Assert.Equal(1, code);
        AssertOneLine(error, $"-raft 127.0.0.1:{port}: cannot listen: the port is already in use");
    }

    [Fact]
    public async Task An_http_port_in_use_exits_1()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen(1);
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var (code, _, error) = await RunAsync("-id", "n1", "-http", $"127.0.0.1:{port}", "-raft", $"127.0.0.1:{FreePorts.Next()}",
            "-data", _folder.Combine("data"), "-logs", _folder.Combine("logs"));

        Assert.Equal(1, code);
        AssertOneLine(error, $"-http 127.0.0.1:{port}: cannot listen: the port is already in use");
    }

    [Fact]
    public async Task An_address_not_on_this_machine_exits_1()
    {
        var (code, _, error) = await RunAsync("-id", "n1", "-http", $"127.0.0.1:{FreePorts.Next()}", "-raft", "192.0.2.1:7000",
            "-data", _folder.Combine("data"), "-logs", _folder.Combine("logs"));

        Assert.Equal(1, code);
        AssertOneLine(error, "-raft 192.0.2.1:7000: cannot listen: the address is not one of this machine's");
    }

    [Fact]
    public async Task An_unwritable_data_directory_exits_1()
    {
        var file = _folder.Combine("not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        var (code, _, error) = await RunAsync("-id", "n1", "-http", $"127.0.0.1:{FreePorts.Next()}", "-raft", $"127.0.0.1:{FreePorts.Next()}",
            "-data", file, "-logs", _folder.Combine("logs"));

        Assert.Equal(1, code);
        AssertOneLine(error, $"-data: cannot write to {Path.Combine(file, "n1")}");
    }

    [Fact]
    public async Task An_unwritable_log_directory_exits_1()
    {
        var file = _folder.Combine("not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        var (code, _, error) = await RunAsync("-id", "n1", "-http", $"127.0.0.1:{FreePorts.Next()}", "-raft", $"127.0.0.1:{FreePorts.Next()}",
            "-data", _folder.Combine("data"), "-logs", file);

        Assert.Equal(1, code);
        AssertOneLine(error, $"-logs: cannot write to {file}");
    }

    [Fact]
    public void Clean_wipes_only_this_nodes_data()
    {
        var data = _folder.Combine("data");
        Directory.CreateDirectory(Path.Combine(data, "n1"));
        Directory.CreateDirectory(Path.Combine(data, "n2"));
        File.WriteAllText(Path.Combine(data, "n1", "old.txt"), "x");
        File.WriteAllText(Path.Combine(data, "n2", "keep.txt"), "x");

        var app = Raft3DApp.Build(["-id", "n1", "-clean", "-http", $"127.0.0.1:{FreePorts.Next()}", "-raft", $"127.0.0.1:{FreePorts.Next()}",
            "-data", data, "-logs", _folder.Combine("logs")]);
        ((IDisposable)app).Dispose();

        Assert.False(File.Exists(Path.Combine(data, "n1", "old.txt")));
        Assert.True(File.Exists(Path.Combine(data, "n1", "raft.db")));
        Assert.True(File.Exists(Path.Combine(data, "n2", "keep.txt")));
    }
}
