namespace Raft3D.PrintFarm.Model;

public sealed record PrintJob(string Id, string PrinterId, string FilamentId, string Filepath, int PrintWeightInGrams, JobStatus Status)
{
    /// <summary>The log index of its last change (creation or status): its ETag. 0 when read from a snapshot format that had no versions.</summary>
    public long Version { get; init; }
}
