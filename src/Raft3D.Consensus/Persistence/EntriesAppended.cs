using Raft3D.Consensus.Log;

namespace Raft3D.Consensus.Persistence;

/// <summary>Journal event: a contiguous batch of entries appended to the log, written in one go.</summary>
public sealed record EntriesAppended(IReadOnlyList<LogEntry> Entries) : Serialization.IRaftSerializable;
