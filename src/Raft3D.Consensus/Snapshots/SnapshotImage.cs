namespace Raft3D.Consensus.Snapshots;

/// <summary>
/// A snapshot as the leader sends it in InstallSnapshot chunks (§7): the state machine's bytes,
/// the last index and term they cover, and the configuration in force there.
/// </summary>
public sealed record SnapshotImage(long Index, long Term, byte[] Configuration, SnapshotData Data);
