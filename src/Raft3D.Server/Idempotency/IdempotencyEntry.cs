namespace Raft3D.Server.Idempotency;

/// <summary>One remembered request: its fingerprint, the farm result it got, and when (the table's clock).</summary>
public sealed record IdempotencyEntry(string Key, byte[] Fingerprint, byte[] Result, long RecordedAtMs);
