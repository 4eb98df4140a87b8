namespace Raft3D.Server.Api.Models;

/// <summary>POST /api/v1/print_jobs. A new job is always Queued: status may be left out or be "queued".</summary>
public sealed record PrintJobInput(string? Id, string? PrinterId, string? FilamentId, string? Filepath, int? PrintWeightInGrams, string? Status);
