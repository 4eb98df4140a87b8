namespace Raft3D.PrintFarm.Commands;

/// <summary>Removes a printer no Queued or Running job uses; ExpectedVersion (If-Match) makes it conditional.</summary>
public sealed record DeletePrinter(string Id, long? ExpectedVersion) : FarmCommand;
