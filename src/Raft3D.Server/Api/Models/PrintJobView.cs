using Raft3D.PrintFarm.Model;

namespace Raft3D.Server.Api.Models;

/// <summary>A print job as the API shows it; Status is Queued, Running, Done or Canceled.</summary>
public sealed record PrintJobView(string Id, string PrinterId, string FilamentId, string Filepath, int PrintWeightInGrams, string Status)
{
    public static PrintJobView From(PrintJob j) => new(j.Id, j.PrinterId, j.FilamentId, j.Filepath, j.PrintWeightInGrams, j.Status.ToString());
}
