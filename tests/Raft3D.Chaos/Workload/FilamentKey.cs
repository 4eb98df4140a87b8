namespace Raft3D.Chaos.Workload;

/// <summary>
/// A filament under test with the jobs planned on it (their weights add up to more than the
/// spool, so some creates must be refused): its creation, job creates, status changes, reads.
/// </summary>
public sealed class FilamentKey(string id, int total, IReadOnlyList<JobPlan> jobs)
{
    public const int Budget = 30;

    public string Id { get; } = id;

    public string Key => $"filament:{Id}";

    public int Total { get; } = total;

    public IReadOnlyList<JobPlan> Jobs { get; } = jobs;

    public bool Created { get; set; }

    public bool CreateInFlight { get; set; }

    public int Issued { get; set; }
}
