namespace Raft3D.PrintFarm.Model;

/// <summary>
/// A filament spool as stored, plus the weight its Queued and Running jobs hold: a job
/// reserves its weight when created and releases it when Done (then it is used up) or
/// Canceled, so a new job can never count on weight another job will use.
/// </summary>
public sealed record Filament(string Id, FilamentType Type, string Color, int TotalWeightInGrams, int RemainingWeightInGrams, int ReservedWeightInGrams)
{
    public int AvailableWeightInGrams => RemainingWeightInGrams - ReservedWeightInGrams;
}
