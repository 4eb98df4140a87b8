using System.Diagnostics;
using Raft3D.PrintFarm;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Lists;
using Raft3D.PrintFarm.Model;

namespace Raft3D.Bench;

/// <summary>
/// The print farm at real size, in this process without Raft: how fast commands apply, what a
/// page of a list costs deep into a large farm (plain, and through each job index), and the
/// size and time of a snapshot and a restore. Single-threaded, as the apply loop is.
/// </summary>
public static class FarmScale
{
    private const int Printers = 1_000, Filaments = 1_000, PageSize = 100, Reads = 1_000;

    public static void Run(int jobs)
    {
        var farm = new PrintFarmState();
        long index = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Printers; i++) farm.Apply(new CreatePrinter($"printer-{i}", "Prusa", "MK4"), ++index);
        for (var i = 0; i < Filaments; i++) farm.Apply(new CreateFilament($"filament-{i}", "PLA", "red", int.MaxValue, null), ++index);
        for (var i = 0; i < jobs; i++)
        {
            farm.Apply(new CreatePrintJob($"job-{i}", $"printer-{i % Printers}", $"filament-{i % Filaments}", "models/benchy.gcode", 10, null), ++index);
            if (i % 3 == 0) farm.Apply(new ChangeJobStatus($"job-{i}", "running"), ++index);
            if (i % 9 == 0) farm.Apply(new ChangeJobStatus($"job-{i}", "done"), ++index);
        }
        var applied = watch.Elapsed;
        Console.WriteLine($"{Printers} printers, {Filaments} filaments, {jobs} jobs: {index} commands applied in {applied.TotalSeconds:0.00} s " +
                          $"({index / applied.TotalSeconds:0} commands/s); managed heap {GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024)} MiB");

        var deep = $"job-{jobs - jobs / 10}";
        Page("all jobs, after a job 90% of the way in", () => farm.ListJobs(new PageRequest(PageSize, deep)));
        Page("status=running, after the same job", () => farm.ListJobs(new PageRequest(PageSize, deep), JobStatus.Running));
        Page("printer_id=printer-7 (1 job in 1000)", () => farm.ListJobs(new PageRequest(PageSize), printerId: "printer-7"));
        Page("status=done and printer_id=printer-7 (total counted over that printer's jobs)", () => farm.ListJobs(new PageRequest(PageSize), JobStatus.Done, "printer-7"));
        Page("printers, after printer-900", () => farm.ListPrinters(new PageRequest(PageSize, "printer-900")));

        watch.Restart();
        var bytes = farm.ToSnapshot();
        var written = watch.Elapsed;
        watch.Restart();
        var restored = PrintFarmState.FromSnapshot(bytes);
        Console.WriteLine($"snapshot: {bytes.Length / (1024.0 * 1024):0.0} MiB written in {written.TotalMilliseconds:0} ms, " +
                          $"restored in {watch.Elapsed.TotalMilliseconds:0} ms ({restored.JobCount} jobs)");
    }

    private static void Page<T>(string what, Func<Page<T>?> read)
    {
        read();
        var times = new double[Reads];
        var watch = new Stopwatch();
        Page<T>? page = null;
        for (var i = 0; i < Reads; i++)
        {
            watch.Restart();
            page = read();
            times[i] = watch.Elapsed.TotalMicroseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"  page of {page!.Items.Count} of {page.Total}, {what}: p50 {times[Reads / 2]:0} µs, p99 {times[Reads * 99 / 100]:0} µs");
    }
}
