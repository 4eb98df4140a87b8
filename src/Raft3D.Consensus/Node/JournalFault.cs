namespace Raft3D.Consensus.Node;

/// <summary>A journal fault: since when it lasts, the last error, and how many calls failed.</summary>
public sealed record JournalFault(DateTimeOffset Since, string LastError, int Failures);
