using Raft3D.Chaos.Cluster;
using Raft3D.Chaos.History;
using Raft3D.Testing;

namespace Raft3D.Chaos.Tests;

/// <summary>
/// The chaos run restarts a node that exits by itself with a failure, as systemd's
/// Restart=on-failure does in production, and leaves alone what it killed or stopped itself.
/// The "node" here is a shell script in place of the server (NodeProcess runs `PREFIX dotnet
/// SERVER.dll ...`, and `sh -c SCRIPT` ignores the words after the script).
/// </summary>
public sealed class NodeSupervisorTests : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"raft3d-supervisor-{Guid.NewGuid():N}");
    private readonly List<string> _lines = [];
    private NodeProcess? _node;
    private NodeSupervisor? _supervisor;

    private NodeProcess Node(string script)
    {
        Directory.CreateDirectory(_root);
        _node = new NodeProcess(1, "127.0.0.1", 1, 2, _root, "Raft3D.Server.dll", "cluster.conf", ["sh", "-c", script]);
        _supervisor = new NodeSupervisor([_node], Delay, new MonotonicClock(), line => { lock (_lines) _lines.Add(line); });
        return _node;
    }

    [Fact]
    public async Task A_node_that_exits_with_code_5_is_restarted_once_with_the_same_command_line()
    {
        // Exits with 5 the first time; the restarted process keeps running.
        var node = Node("if [ -e started ]; then exec sleep 60; fi; touch started; exit 5");
        node.Start(bootstrap: true);

        await Eventually.True(() => Task.FromResult(node.Incarnation == 2 && node.IsRunning), Timeout, () => $"a second start; log: {string.Join(" | ", _lines)}");

        var exit = Assert.Single(_supervisor!.Exits);
        Assert.Equal(("node1", 5), (exit.NodeId, exit.ExitCode));
        Assert.StartsWith("restarted at", exit.Outcome, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(node.OutFile).Count(l => l.StartsWith("---- start", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_node_killed_by_the_run_or_exiting_with_0_stays_down()
    {
        var node = Node("if [ -e started ]; then exit 0; fi; touch started; exec sleep 60");
        node.Start(bootstrap: true);
        // Killed only once the script marked its first start (a loaded machine may not have run it yet).
        await Eventually.True(() => Task.FromResult(File.Exists(Path.Combine(_root, "started"))), Timeout, () => "the first start marked");
        await node.KillAsync();
        node.Start(bootstrap: false);
        // The supervisor decides at once for code 0 (no restart is ever scheduled): wait for that decision.
        await Eventually.True(() => Task.FromResult(_supervisor!.Exits is [{ Outcome: not "restart pending" }]), Timeout,
            () => "the exit with code 0 recorded and decided");

        var exit = Assert.Single(_supervisor!.Exits);
        Assert.Equal(0, exit.ExitCode);
        Assert.StartsWith("not restarted", exit.Outcome, StringComparison.Ordinal);
        Assert.Equal(2, node.Incarnation);
        Assert.False(node.IsRunning);
    }

    public void Dispose()
    {
        _supervisor?.Dispose();
        _node?.Release();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
