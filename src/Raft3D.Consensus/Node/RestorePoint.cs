namespace Raft3D.Consensus.Node;

/// <summary>A backup to start a new cluster from: the state machine's bytes as of Index, of Term.</summary>
public sealed record RestorePoint(long Index, long Term, byte[] Data);
