namespace Raft3D.Server.Hosting;

/// <summary>raft3d.idempotency: the bounds of the replicated table of Idempotency-Key results.</summary>
public sealed record IdempotencyOptions(int MaxEntries, TimeSpan MaxAge, int MaxKeyLength);
