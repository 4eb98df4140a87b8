using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Cluster;

/// <summary>
/// Does for the run's nodes what systemd does for a production node (deploy/raft3d.service:
/// Restart=on-failure, RestartSec=2): a process that exits by itself with a non-zero code (a
/// journal that failed for too long, an actor system that stopped by itself: NodeExit) is started
/// again with the same flags after the delay; one that exits with 0 stays down. Kills and stops
/// made by the nemesis or the run are not exits by themselves (<see cref="NodeProcess.ExitedByItself"/>).
/// Every such exit is kept for the report.
/// </summary>
public sealed class NodeSupervisor : IDisposable
{
    /// <summary>RestartSec of deploy/raft3d.service.</summary>
    public static readonly TimeSpan SystemdRestartDelay = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyList<NodeProcess> _nodes;
    private readonly TimeSpan _delay;
    private readonly MonotonicClock _clock;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<UnplannedExit> _exits = [];

    public NodeSupervisor(IReadOnlyList<NodeProcess> nodes, TimeSpan delay, MonotonicClock clock, Action<string> log)
    {
        _nodes = nodes;
        _delay = delay;
        _clock = clock;
        _log = log;
        foreach (var node in nodes) node.ExitedByItself += OnExited;
    }

    public TimeSpan Delay => _delay;

    /// <summary>The exits by themselves so far, in order.</summary>
    public IReadOnlyList<UnplannedExit> Exits
    {
        get
        {
            lock (_exits) return _exits.ToList();
        }
    }

    private void OnExited(NodeProcess node, int code, int incarnation)
    {
        var exit = new UnplannedExit(node.Id, code, _clock.Elapsed.TotalSeconds);
        lock (_exits) _exits.Add(exit);
        if (code == 0)
        {
            exit.Outcome = "not restarted (exit code 0: Restart=on-failure leaves it down)";
            _log($"supervisor: {node.Id} exited by itself with code 0; not restarted");
            return;
        }
        _log($"supervisor: {node.Id} exited by itself with code {code}; restarting it in {_delay.TotalSeconds:0.#} s (see {node.OutFile})");
        _ = RestartLaterAsync(node, incarnation, exit);
    }

    private async Task RestartLaterAsync(NodeProcess node, int incarnation, UnplannedExit exit)
    {
        try
        {
            await Task.Delay(_delay, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            exit.Outcome = "not restarted: the run was ending";
            return;
        }
        if (node.Restart(incarnation))
        {
            exit.Outcome = $"restarted at {_clock.Elapsed.TotalSeconds:0.0} s";
            _log($"supervisor: restarted {node.Id}");
        }
        else
        {
            exit.Outcome = "not restarted: started, killed or stopped meanwhile by the run";
        }
    }

    /// <summary>Stops watching: no restart after this (the run is stopping its nodes).</summary>
    public void Dispose()
    {
        foreach (var node in _nodes) node.ExitedByItself -= OnExited;
        // Not disposed: a restart that an exit raised just now may still read its token.
        _stop.Cancel();
    }
}
