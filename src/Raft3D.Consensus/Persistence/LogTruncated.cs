namespace Raft3D.Consensus.Persistence;

/// <summary>
/// Journal event: the log lost its suffix from FromIndex on (§5.3). The journal can only delete
/// a prefix, so a truncation is recorded as an event and replayed on recovery.
/// </summary>
public sealed record LogTruncated(long FromIndex) : Serialization.IRaftSerializable;
