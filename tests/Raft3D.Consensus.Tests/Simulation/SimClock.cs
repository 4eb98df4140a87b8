using Raft3D.Consensus.Core;

namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>
/// Each node's clock and settings. In half the runs every node gets a tick period of its own
/// (clock skew: a node whose clock runs fast times out sooner) and its own election and heartbeat
/// ticks, as when operators configure nodes differently. Raft's safety must not depend on clocks
/// at all (paper §5.6); liveness needs only broadcastTime ≪ electionTimeout on every pair, which
/// the ranges keep: the slowest heartbeat (3 ticks at 1.25× the period) still beats the fastest
/// election timeout (10 ticks at 0.8×).
/// </summary>
internal sealed class SimClock
{
    private readonly int[] _periods;
    private readonly RaftOptions[] _options;

    public SimClock(Random random, RaftOptions shared, int nodes)
    {
        Skewed = random.Next(2) == 0;
        _periods = new int[nodes];
        _options = new RaftOptions[nodes];
        for (var i = 0; i < nodes; i++)
        {
            _periods[i] = Skewed ? (int)Math.Round(SimulationOptions.TickUnits * (0.8 + random.NextDouble() * 0.45)) : SimulationOptions.TickUnits;
            _options[i] = Skewed
                ? shared with { ElectionTicks = 10 + random.Next(7), HeartbeatTicks = 1 + random.Next(3) }
                : shared;
        }
    }

    /// <summary>Whether nodes differ in clock rate and settings in this run.</summary>
    public bool Skewed { get; }

    /// <summary>Simulated time units between two ticks of the node (TickUnits without skew).</summary>
    public int Period(int node) => _periods[node];

    public RaftOptions Options(int node) => _options[node];

    public override string ToString() => Skewed
        ? "skewed: " + string.Join(" ", _periods.Select((p, i) => $"n{i}:{p}u/e{_options[i].ElectionTicks}/h{_options[i].HeartbeatTicks}"))
        : "uniform";
}
