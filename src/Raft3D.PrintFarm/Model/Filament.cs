namespace Raft3D.PrintFarm.Model;

/// <summary>
/// A filament spool as stored, plus the weight its Queued and Running jobs hold: a job
/// reserves its weight when created and releases it when Done (then it is used up) or
/// Canceled, so a new job can never count on weight another job will use.
/// </summary>
public sealed record Filament(string Id, FilamentType Type, string Color, int TotalWeightInGrams, int RemainingWeightInGrams, int ReservedWeightInGrams)
{
    public int AvailableWeightInGrams => RemainingWeightInGrams - ReservedWeightInGrams;

    /// <summary>
    /// The log index of its last change: creation, a PATCH, or a job going Done (which changes
    /// the remaining weight). The reserved weight is derived from the jobs and moves no version.
    /// 0 when read from a snapshot format that had no versions.
    /// </summary>
    public long Version { get; init; }
}
