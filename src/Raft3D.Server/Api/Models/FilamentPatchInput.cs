namespace Raft3D.Server.Api.Models;

/// <summary>
/// PATCH /api/v1/filaments/{id}: a new colour, or the remaining weight of a re-weighed spool (0 up
/// to the total, and not below what Queued and Running jobs reserve); a field left out stays.
/// </summary>
public sealed record FilamentPatchInput(string? Color, int? RemainingWeightInGrams);
