using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Persistence;

/// <summary>One segment of a large snapshot's bytes, as one row of the snapshot store (<see cref="SnapshotSegments"/>).</summary>
public sealed record SnapshotSegment(byte[] Data) : Serialization.IRaftSerializable;
