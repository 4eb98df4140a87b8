namespace Raft3D.Server.StateMachine;

/// <summary>
/// A command as it travels in the Raft log: the print-farm command plus what the idempotency
/// table needs. TimestampMs is the proposing node's clock (unix ms) when the request arrived;
/// it travels inside the command so that applying, and evicting old keys, is the same on
/// every node. Fingerprint is a hash of the request, to tell a retry from a reused key (empty
/// when there is no key).
/// </summary>
public sealed record CommandEnvelope(string? IdempotencyKey, byte[] Fingerprint, long TimestampMs, byte[] Command);
