namespace Raft3D.Server.Events;

/// <summary>
/// The 410 answer of GET /api/v1/events (RFC 9457 with two members more): AppliedIndex is where
/// a fresh list stands, to resume from; OldestIndex is the oldest since this node still serves.
/// </summary>
public sealed record GoneProblem(string Type, string Title, int Status, string Detail, string? Instance, long AppliedIndex, long OldestIndex);
