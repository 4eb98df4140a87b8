namespace Raft3D.Chaos.History;

/// <summary>A filament as a read returned it (weights in grams).</summary>
public sealed record FilamentSeen(string Id, int Total, int Remaining, int Reserved);
