namespace Raft3D.Chaos.History;

/// <summary>A print job as a read or a write returned it; Status is Queued, Running, Done or Canceled.</summary>
public sealed record JobSeen(string Id, string FilamentId, int Weight, string Status);
