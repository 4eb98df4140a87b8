namespace Raft3D.PrintFarm.Commands;

public sealed record CreatePrinter(string Id, string Company, string Model) : FarmCommand;
