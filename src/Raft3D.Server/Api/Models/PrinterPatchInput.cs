namespace Raft3D.Server.Api.Models;

/// <summary>PATCH /api/v1/printers/{id}: the fields to change; a field left out stays as it is.</summary>
public sealed record PrinterPatchInput(string? Company, string? Model);
