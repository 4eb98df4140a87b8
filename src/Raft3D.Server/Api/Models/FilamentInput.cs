namespace Raft3D.Server.Api.Models;

/// <summary>POST /api/v1/filaments. Type is PLA, PETG, ABS or TPU in any case; remaining defaults to total.</summary>
public sealed record FilamentInput(string? Id, string? Type, string? Color, int? TotalWeightInGrams, int? RemainingWeightInGrams);
