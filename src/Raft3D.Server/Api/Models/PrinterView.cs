using Raft3D.PrintFarm.Model;

namespace Raft3D.Server.Api.Models;

/// <summary>A printer as the API shows it.</summary>
public sealed record PrinterView(string Id, string Company, string Model)
{
    public static PrinterView From(Printer p) => new(p.Id, p.Company, p.Model);
}
