namespace Raft3D.Chaos.History;

/// <summary>A printer as a read returned it.</summary>
public sealed record PrinterSeen(string Id, string Company, string Model);
