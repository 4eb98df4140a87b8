using Raft3D.PrintFarm.Model;

namespace Raft3D.Server.Api.Models;

/// <summary>A filament spool as the API shows it: reserved = held by Queued and Running jobs; available = remaining - reserved.</summary>
public sealed record FilamentView(
    string Id,
    string Type,
    string Color,
    int TotalWeightInGrams,
    int RemainingWeightInGrams,
    int ReservedWeightInGrams,
    int AvailableWeightInGrams)
{
    public static FilamentView From(Filament f) =>
        new(f.Id, f.Type.ToString(), f.Color, f.TotalWeightInGrams, f.RemainingWeightInGrams, f.ReservedWeightInGrams, f.AvailableWeightInGrams);
}
