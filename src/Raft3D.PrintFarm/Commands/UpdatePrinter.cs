namespace Raft3D.PrintFarm.Commands;

/// <summary>PATCH of a printer: null leaves a field as it is; ExpectedVersion (If-Match) makes it conditional.</summary>
public sealed record UpdatePrinter(string Id, string? Company, string? Model, long? ExpectedVersion) : FarmCommand;
