namespace Raft3D.PrintFarm.Commands;

/// <summary>Removes a filament no Queued or Running job uses; ExpectedVersion (If-Match) makes it conditional.</summary>
public sealed record DeleteFilament(string Id, long? ExpectedVersion) : FarmCommand;
