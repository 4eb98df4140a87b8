using BenchmarkDotNet.Attributes;
using Raft3D.PrintFarm;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Lists;
using Raft3D.PrintFarm.Model;

namespace Raft3D.Benchmarks;

/// <summary>
/// A page of 100 jobs on the farm of cluster-scale (issue 20): 10 000 printers, 10 000 filaments,
/// 1 000 000 jobs, job n on printer n mod 10 000 (so a printer's 100 jobs lie 10 000 apart), all
/// Queued but one in 1 000, Canceled (a status few jobs have: a page of it spans about 100 000
/// jobs). Each call asks for another page, as the HTTP bench does: the same page every time would
/// read it from the CPU cache and hide what a page costs in a large farm.
/// </summary>
[MemoryDiagnoser]
public class JobPageBenchmarks
{
    private const int Printers = 10_000, Filaments = 10_000, Jobs = 1_000_000, Limit = 100;
    private FarmView _view = null!;
    private long _call;

    [GlobalSetup]
    public void Setup()
    {
        var farm = new PrintFarmState();
        for (var i = 0; i < Printers; i++) farm.Apply(new CreatePrinter($"p{i}", "Prusa", "MK4"));
        for (var i = 0; i < Filaments; i++) farm.Apply(new CreateFilament($"f{i}", "PLA", "red", int.MaxValue, null));
        for (var i = 0; i < Jobs; i++) farm.Apply(new CreatePrintJob($"j{i}", $"p{i % Printers}", $"f{i % Filaments}", "models/benchy.gcode", 1, null));
        for (var i = 0; i < Jobs; i += 1_000) farm.Apply(new ChangeJobStatus($"j{i}", "canceled"));
        _view = farm.View;
    }

    /// <summary>?status=queued&amp;after=a job anywhere in the list.</summary>
    [Benchmark(Baseline = true)]
    public Page<PrintJob>? ByStatusAfterAJob() =>
        _view.ListJobs(new PageRequest(Limit, $"j{Spread(_call++, Jobs)}"), JobStatus.Queued);

    /// <summary>?status=canceled&amp;after=a job anywhere in the list (1 job in 1 000 matches).</summary>
    [Benchmark]
    public Page<PrintJob>? ByRareStatusAfterAJob() =>
        _view.ListJobs(new PageRequest(Limit, $"j{Spread(_call++, Jobs)}"), JobStatus.Canceled);

    /// <summary>?printer_id=a printer: its 100 jobs.</summary>
    [Benchmark]
    public Page<PrintJob>? ByPrinter() =>
        _view.ListJobs(new PageRequest(Limit), printerId: $"p{Spread(_call++, Printers)}");

    /// <summary>A well-spread number in [0, count) for call n (as the HTTP bench's JobPages.Spread).</summary>
    private static long Spread(long n, long count) => (long)(unchecked((ulong)n * 0x9E3779B97F4A7C15UL) % (ulong)count);
}
