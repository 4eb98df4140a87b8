namespace Raft3D.PrintFarm.Commands;

/// <summary>
/// PATCH of a filament: a new colour, or the remaining weight of a re-weighed spool. Null leaves
/// a field as it is; ExpectedVersion (If-Match) makes it conditional.
/// </summary>
public sealed record UpdateFilament(string Id, string? Color, int? RemainingWeightInGrams, long? ExpectedVersion) : FarmCommand;
