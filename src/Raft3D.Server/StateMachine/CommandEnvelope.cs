namespace Raft3D.Server.StateMachine;

/// <summary>
/// A command as it travels in the Raft log: the print-farm command plus what the idempotency
/// table needs. TimestampMs is the leader's clock (unix ms) when it appended the entry (the
/// proposing node's, under a leader of the previous release, which does not stamp); it travels
/// inside the command so that applying, and evicting old keys, is the same on every node.
/// Fingerprint is a hash of the request, to tell a retry from a reused key (empty when there
/// is no key).
/// </summary>
public sealed record CommandEnvelope(string? IdempotencyKey, byte[] Fingerprint, long TimestampMs, byte[] Command);
