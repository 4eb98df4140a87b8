using Raft3D.PrintFarm.Model;

namespace Raft3D.Server.Api.Models;

/// <summary>A printer as the API shows it; Version is the log index of its last change (its ETag).</summary>
public sealed record PrinterView(string Id, string Company, string Model, long Version)
{
    public static PrinterView From(Printer p) => new(p.Id, p.Company, p.Model, p.Version);
}
