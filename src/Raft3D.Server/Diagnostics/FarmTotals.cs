using Raft3D.PrintFarm;
using Raft3D.PrintFarm.Model;

namespace Raft3D.Server.Diagnostics;

/// <summary>The print farm in a few numbers, for the "Raft3D.Server" gauges.</summary>
public sealed record FarmTotals(int Printers, int Filaments, IReadOnlyDictionary<JobStatus, int> Jobs, long RemainingGrams, long ReservedGrams)
{
    public static readonly FarmTotals Empty = Of(new PrintFarmState().View);

    /// <summary>Counts the farm on any thread: jobs by their status index, filaments one by one.</summary>
    public static FarmTotals Of(FarmView farm)
    {
        var jobs = Enum.GetValues<JobStatus>().ToDictionary(s => s, farm.JobsWith);
        long remaining = 0, reserved = 0;
        foreach (var filament in farm.ListFilaments())
        {
            remaining += filament.RemainingWeightInGrams;
            reserved += filament.ReservedWeightInGrams;
        }
        return new FarmTotals(farm.PrinterCount, farm.FilamentCount, jobs, remaining, reserved);
    }
}
