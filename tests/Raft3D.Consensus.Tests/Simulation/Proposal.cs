namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>A command a client handed to a leader; acknowledged once that leader applies it at Index.</summary>
internal sealed record Proposal(int Node, long Incarnation, long Index, long Term, string Command);
