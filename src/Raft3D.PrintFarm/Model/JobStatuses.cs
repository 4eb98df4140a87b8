namespace Raft3D.PrintFarm.Model;

public static class JobStatuses
{
    /// <summary>Queued, Running, Done or Canceled in any case; the British "cancelled" is accepted too.</summary>
    public static bool TryParse(string? text, out JobStatus status)
    {
        status = default;
        if (text is null) return false;
        var word = text.Trim();
        if (word.Equals("cancelled", StringComparison.OrdinalIgnoreCase)) word = "Canceled";
        return !word.Any(char.IsDigit) && Enum.TryParse(word, ignoreCase: true, out status) && Enum.IsDefined(status);
    }

    public const string Allowed = "queued, running, done or canceled";

    /// <summary>The transitions of SPEC §2; nothing else is allowed.</summary>
    public static bool CanMove(JobStatus from, JobStatus to) => (from, to) switch
    {
        (JobStatus.Queued, JobStatus.Running) => true,
        (JobStatus.Running, JobStatus.Done) => true,
        (JobStatus.Queued, JobStatus.Canceled) => true,
        (JobStatus.Running, JobStatus.Canceled) => true,
        _ => false,
    };

    /// <summary>Queued and Running jobs hold their weight of filament.</summary>
    public static bool Reserves(JobStatus status) => status is JobStatus.Queued or JobStatus.Running;
}
