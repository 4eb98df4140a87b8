namespace Raft3D.Consensus.Core;

/// <summary>What a server must remember across crashes besides its log (§5.1, Figure 2): its term and its vote in it.</summary>
public readonly record struct HardState(long Term, string? VotedFor);
