using Raft3D.Consensus.Log;

namespace Raft3D.Consensus.Persistence;

/// <summary>
/// What a node saves in the snapshot store when it compacts its log. Replay skips every journal
/// event the snapshot covers, so it carries all of them: the state machine at Index, the
/// configuration as of Index, the current term and vote, and the log entries after Index.
/// </summary>
public sealed record RaftSnapshot(
    long Index,
    long Term,
    byte[] Configuration,
    byte[] Data,
    long CurrentTerm,
    string? VotedFor,
    IReadOnlyList<LogEntry> Suffix) : Serialization.IRaftSerializable;
