using Raft3D.PrintFarm.Model;

namespace Raft3D.Server.Api.Models;

/// <summary>
/// A filament spool as the API shows it: reserved = held by Queued and Running jobs; available =
/// remaining - reserved. Version is the log index of its last change (its ETag): creation, a
/// PATCH, or a job going Done; a reservation moves no version.
/// </summary>
public sealed record FilamentView(
    string Id,
    string Type,
    string Color,
    int TotalWeightInGrams,
    int RemainingWeightInGrams,
    int ReservedWeightInGrams,
    int AvailableWeightInGrams,
    long Version)
{
    public static FilamentView From(Filament f) =>
        new(f.Id, f.Type.ToString(), f.Color, f.TotalWeightInGrams, f.RemainingWeightInGrams, f.ReservedWeightInGrams, f.AvailableWeightInGrams, f.Version);
}
