using Raft3D.PrintFarm;
using Raft3D.PrintFarm.Model;

namespace Raft3D.Server.Diagnostics;

/// <summary>The print farm in a few numbers, for the "Raft3D.Server" gauges.</summary>
public sealed record FarmTotals(int Printers, int Filaments, IReadOnlyDictionary<JobStatus, int> Jobs, long RemainingGrams, long ReservedGrams)
{
    public static readonly FarmTotals Empty = Of(new PrintFarmState());

    /// <summary>Counts the farm. Must run where the farm lives (the Raft actor's thread): it walks the live state.</summary>
    public static FarmTotals Of(PrintFarmState farm)
    {
        var jobs = Enum.GetValues<JobStatus>().ToDictionary(s => s, _ => 0);
        foreach (var job in farm.ListJobs()) jobs[job.Status]++;
        long remaining = 0, reserved = 0;
        foreach (var filament in farm.ListFilaments())
        {
            remaining += filament.RemainingWeightInGrams;
            reserved += filament.ReservedWeightInGrams;
        }
        return new FarmTotals(farm.PrinterCount, farm.FilamentCount, jobs, remaining, reserved);
    }
}
