using System.Diagnostics;
using Raft3D.PrintFarm;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Lists;
using Raft3D.PrintFarm.Model;

namespace Raft3D.Bench;

/// <summary>
/// The print farm at real size, in this process without Raft: how fast commands apply, what a
/// page of a list costs deep into a large farm (plain, and through each job index), the state
/// capture a snapshot does on the apply thread, and the size and time of a snapshot streamed to
/// a file and restored from it, with the process's peak resident memory. Single-threaded, as the
/// apply loop is. A long filepath (the second argument, in characters; one shared string in
/// memory, written out for every job) makes a snapshot past 2 GiB without a farm that large.
/// The live managed heap (after a full collection) is reported for the loaded farm and for the
/// farm restored from its snapshot: what the farm itself holds, whatever the GC left uncollected.
/// </summary>
public static class FarmScale
{
    private const int PageSize = 100, Reads = 1_000;

    public static void Run(int jobs, int filepathChars = 0, int printers = 1_000, int filaments = 1_000)
    {
        var filepath = filepathChars > 0 ? "models/" + new string('x', filepathChars) : "models/benchy.gcode";
        var farm = new PrintFarmState();
        long index = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < printers; i++) farm.Apply(new CreatePrinter($"printer-{i}", "Prusa", "MK4"), ++index);
        for (var i = 0; i < filaments; i++) farm.Apply(new CreateFilament($"filament-{i}", "PLA", "red", int.MaxValue, null), ++index);
        for (var i = 0; i < jobs; i++)
        {
            // Every string its own, as a node decoding the command from the log has them; only
            // a long filepath is shared, so that a snapshot past 2 GiB needs no farm that large.
            var path = filepathChars > 0 ? filepath : new string(filepath.AsSpan());
            farm.Apply(new CreatePrintJob($"job-{i}", $"printer-{i % printers}", $"filament-{i % filaments}", path, 10, null), ++index);
            if (i % 3 == 0) farm.Apply(new ChangeJobStatus($"job-{i}", "running"), ++index);
            if (i % 9 == 0) farm.Apply(new ChangeJobStatus($"job-{i}", "done"), ++index);
            // A status few jobs have: a page of it walks far through the job table for 100 jobs.
            else if (i % 1000 == 1) farm.Apply(new ChangeJobStatus($"job-{i}", "canceled"), ++index);
        }
        var applied = watch.Elapsed;
        Console.WriteLine($"{printers} printers, {filaments} filaments, {jobs} jobs: {index} commands applied in {applied.TotalSeconds:0.00} s " +
                          $"({index / applied.TotalSeconds:0} commands/s)");
        var heap = LiveHeap();
        Console.WriteLine($"live managed heap after a full collection: {heap / (1024.0 * 1024):0.0} MiB ({heap / Math.Max(1, jobs)} bytes a job)");

        var deep = $"job-{jobs - jobs / 10}";
        Page("all jobs, after a job 90% of the way in", () => farm.ListJobs(new PageRequest(PageSize, deep)));
        Page("status=running, after the same job", () => farm.ListJobs(new PageRequest(PageSize, deep), JobStatus.Running));
        Page("status=canceled (1 job in 1000), from the start", () => farm.ListJobs(new PageRequest(PageSize), JobStatus.Canceled));
        Page($"printer_id=printer-7 (1 job in {printers})", () => farm.ListJobs(new PageRequest(PageSize), printerId: "printer-7"));
        // Another printer each read, as clients ask: the same one's jobs stay in the CPU cache.
        var read = 0;
        Page("printer_id=another printer each read", () => farm.ListJobs(new PageRequest(PageSize), printerId: $"printer-{read++ * 7919 % printers}"));
        Page("status=done and printer_id=printer-7 (total counted over that printer's jobs)", () => farm.ListJobs(new PageRequest(PageSize), JobStatus.Done, "printer-7"));
        Page("printers, after printer-900", () => farm.ListPrinters(new PageRequest(PageSize, "printer-900")));

        watch.Restart();
        _ = farm.CaptureSnapshot();
        var captured = watch.Elapsed;
        var file = Path.Combine(Path.GetTempPath(), $"raft3d-scale-{Environment.ProcessId}.snapshot");
        try
        {
            watch.Restart();
            using (var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                farm.View.WriteSnapshot(stream);
                stream.Flush(flushToDisk: true);
            }
            var written = watch.Elapsed;
            var size = new FileInfo(file).Length;
            watch.Restart();
            PrintFarmState restored;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16)) restored = PrintFarmState.FromSnapshot(stream);
            var restoredTook = watch.Elapsed;
            // Both farms are live here: the difference is what the restored one holds.
            var restoredHeap = LiveHeap() - heap;
            GC.KeepAlive(farm);
            Console.WriteLine($"state capture on the apply thread {captured.TotalMilliseconds:0.000} ms; " +
                              $"snapshot: {size / (1024.0 * 1024):0.0} MiB ({size} bytes) streamed to a file in {written.TotalMilliseconds:0} ms, " +
                              $"restored from it in {restoredTook.TotalMilliseconds:0} ms ({restored.JobCount} jobs, {restoredHeap / (1024.0 * 1024):0.0} MiB of live heap); " +
                              $"peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The bytes reachable after a full, compacting collection.</summary>
    private static long LiveHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
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
