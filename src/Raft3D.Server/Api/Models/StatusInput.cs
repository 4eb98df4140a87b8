namespace Raft3D.Server.Api.Models;

/// <summary>POST /api/v1/print_jobs/{id}/status body (or ?status=): queued, running, done, canceled (cancelled).</summary>
public sealed record StatusInput(string? Status);
