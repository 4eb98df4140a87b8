using Raft3D.Consensus.Log;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Persistence;

/// <summary>
/// What a node saves in the snapshot store when it compacts its log. Replay skips every journal
/// event the snapshot covers, so it carries all of them: the state machine at Index, the
/// configuration as of Index, the current term and vote, and the log entries after Index.
/// The state machine's bytes are in the record itself, or, when larger than one segment, in
/// <see cref="Segments"/> (read back empty here until the segments are loaded).
/// </summary>
public sealed record RaftSnapshot(
    long Index,
    long Term,
    byte[] Configuration,
    SnapshotData Data,
    long CurrentTerm,
    string? VotedFor,
    IReadOnlyList<LogEntry> Suffix,
    SnapshotSegments? Segments = null) : Serialization.IRaftSerializable;
