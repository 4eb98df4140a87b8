using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Persistence;

/// <summary>
/// Journal event: the leader's snapshot replaced this node's state and log (§7). Written as one
/// event, so the replacement is atomic and ordered with the entries appended after it. A
/// snapshot larger than one segment is saved in <see cref="Segments"/> first, and this event,
/// written after them, names them.
/// </summary>
public sealed record SnapshotInstalled(long Index, long Term, byte[] Configuration, SnapshotData Data, SnapshotSegments? Segments = null)
    : Serialization.IRaftSerializable;
