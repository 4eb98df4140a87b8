namespace Raft3D.Consensus.Persistence;

/// <summary>Journal event: the current term and the vote cast in it (§5.2, Figure 2 "persistent state").</summary>
public sealed record HardStateChanged(long Term, string? VotedFor) : Serialization.IRaftSerializable;
