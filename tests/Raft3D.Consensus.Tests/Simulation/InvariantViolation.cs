namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>A safety or liveness property failed; the simulation adds the seed and a trace.</summary>
internal sealed class InvariantViolation(string message) : Exception(message);
