using System.Text;

namespace Raft3D.PrintFarm.Model;

public static class JobStatuses
{
    public const string Allowed = "queued, running, done or canceled";

    /// <summary>
    /// Queued, Running, Done or Canceled in any (ASCII) case, surrounding spaces ignored; the
    /// British "cancelled" is accepted too. Only these words: no numbers, no comma lists.
    /// </summary>
    public static bool TryParse(string? text, out JobStatus status)
    {
        status = default;
        var word = text?.Trim();
        if (word is null || !Ascii.IsValid(word)) return false;
        if (Is(word, "queued")) status = JobStatus.Queued;
        else if (Is(word, "running")) status = JobStatus.Running;
        else if (Is(word, "done")) status = JobStatus.Done;
        else if (Is(word, "canceled") || Is(word, "cancelled")) status = JobStatus.Canceled;
        else return false;
        return true;
    }

    // Plain ASCII comparison: the text is known to be ASCII, so no culture or Unicode folding applies.
    private static bool Is(string word, string name) => string.Equals(word, name, StringComparison.OrdinalIgnoreCase);

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
