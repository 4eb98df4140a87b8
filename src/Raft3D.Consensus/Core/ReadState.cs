namespace Raft3D.Consensus.Core;

/// <summary>A confirmed linearizable read: serve it once the applied index reaches ReadIndex (thesis §6.4).</summary>
public readonly record struct ReadState(long RequestId, long ReadIndex);
