namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>One durable journal event and its sequence number.</summary>
internal readonly record struct JournalRecord(long Seq, object Event);
