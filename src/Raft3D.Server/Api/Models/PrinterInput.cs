namespace Raft3D.Server.Api.Models;

/// <summary>POST /api/v1/printers. Id is optional (the server generates one); an integer id is taken as its decimal string.</summary>
public sealed record PrinterInput(string? Id, string? Company, string? Model);
