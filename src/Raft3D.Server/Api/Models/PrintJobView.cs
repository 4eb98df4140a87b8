using Raft3D.PrintFarm.Model;

namespace Raft3D.Server.Api.Models;

/// <summary>A print job as the API shows it; Status is Queued, Running, Done or Canceled; Version is the log index of its last change (its ETag).</summary>
public sealed record PrintJobView(string Id, string PrinterId, string FilamentId, string Filepath, int PrintWeightInGrams, string Status, long Version)
{
    public static PrintJobView From(PrintJob j) => new(j.Id, j.PrinterId, j.FilamentId, j.Filepath, j.PrintWeightInGrams, j.Status.ToString(), j.Version);
}
