namespace Raft3D.PrintFarm.Model;

public sealed record Printer(string Id, string Company, string Model);
