namespace Raft3D.Chaos.Workload;

/// <summary>
/// A filament under test with the jobs planned on it (their weights add up to more than the
/// spool, so some creates must be refused): its creation, job creates, status changes, reads.
/// </summary>
public sealed class FilamentKey(string id, int total, IReadOnlyList<JobPlan> jobs)
{
    public const int Budget = 30;

    /// <summary>A key retires once this many of its writes ended with an unknown outcome.</summary>
    public const int MaxUnknownWrites = 3;

    public string Id { get; } = id;

    public string Key => $"filament:{Id}";

    public int Total { get; } = total;

    public IReadOnlyList<JobPlan> Jobs { get; } = jobs;

    public bool Created { get; set; }

    public bool CreateInFlight { get; set; }

    public int Issued { get; set; }

    /// <summary>Writes whose outcome stayed unknown: each one multiplies the linearizability search.</summary>
    public int UnknownWrites { get; set; }
}
