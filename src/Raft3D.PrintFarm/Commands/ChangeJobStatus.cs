namespace Raft3D.PrintFarm.Commands;

/// <summary>Status is the text as given (any case, "cancelled" accepted).</summary>
public sealed record ChangeJobStatus(string JobId, string Status) : FarmCommand;
