namespace Raft3D.PrintFarm.Commands;

/// <summary>Status is the status the request asked for, if any: a new job may only be queued.</summary>
public sealed record CreatePrintJob(string Id, string PrinterId, string FilamentId, string Filepath, int PrintWeightInGrams, string? Status) : FarmCommand;
