namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>
/// One simulated run. Everything random in it (fault rates included) is drawn from Seed, so a
/// seed and a node count identify a run completely.
/// </summary>
internal sealed record SimulationOptions(int Nodes, int Seed, int Steps)
{
    /// <summary>Simulated time units per core tick; network and disk delays are in the same units.</summary>
    public const int TickUnits = 10;

    /// <summary>Events allowed after the faults stop for a leader to commit one more command everywhere.</summary>
    public int LivenessSteps { get; init; } = 150_000;

    /// <summary>How often (in steps) every pair of logs is compared in full, besides the per-append check.</summary>
    public int FullCheckEvery { get; init; } = 64;
}
