namespace Raft3D.Consensus.Persistence;

/// <summary>
/// Journal event: the leader's snapshot replaced this node's state and log (§7). Written as one
/// event, so the replacement is atomic and ordered with the entries appended after it.
/// </summary>
public sealed record SnapshotInstalled(long Index, long Term, byte[] Configuration, byte[] Data) : Serialization.IRaftSerializable;
