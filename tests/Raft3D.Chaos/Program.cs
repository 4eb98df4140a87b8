using System.Runtime.InteropServices;
using Raft3D.Chaos.Checker;
using Raft3D.Chaos.Cluster;
using Raft3D.Chaos.History;

namespace Raft3D.Chaos;

/// <summary>The long-run command line (see <see cref="ChaosOptions.Usage"/>); `dotnet test` runs the short scenario instead.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ChaosOptions options;
        try
        {
            options = ChaosOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"raft3d-chaos: {e.Message}");
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(ChaosOptions.Usage);
            return 0;
        }
        if (options.CheckFile is { } file) return CheckFile(file);

        using var abort = new CancellationTokenSource();
        var interrupts = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.Increment(ref interrupts) == 1)
            {
                Console.Error.WriteLine("raft3d-chaos: interrupted: stopping the nodes and removing the namespaces (again to force)");
                abort.Cancel();
                return;
            }
            Cleanup.RunAll();
            Environment.Exit(130);
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        Console.WriteLine($"raft3d-chaos: seed {options.Seed}{(options.SeedGiven ? "" : " (random)")}{(options.Runs > 1 ? $", {options.Runs} runs: seeds {options.Seed}..{options.Seed + options.Runs - 1}" : "")}");
        var failed = 0;
        var broken = 0;
        var summaries = new List<string>();
        for (var run = 0; run < options.Runs && !abort.IsCancellationRequested; run++)
        {
            var seed = unchecked(options.Seed + run);
            ChaosReport report;
            try
            {
                report = await new ChaosRunner(options, line => Console.WriteLine(line)).RunAsync(seed, abort.Token);
            }
            finally
            {
                Cleanup.RunAll();
            }
            Console.WriteLine(report.Summary());
            if (report.InfrastructureError is not null) broken++;
            else if (!report.Passed) failed++;
            summaries.Add($"seed {seed}: {(report.Passed ? "passed" : report.InfrastructureError is not null ? "could not run: " + report.InfrastructureError : "FAILED")}, " +
                          $"{report.History.Count} operations, {report.Faults.Count} faults{(report.SavedTo is null ? "" : ", saved to " + report.SavedTo)}");
        }
        if (summaries.Count > 1) Console.WriteLine("runs:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", summaries));
        return failed > 0 ? 1 : broken > 0 ? 3 : 0;
    }

    private static int CheckFile(string file)
    {
        var history = HistoryFile.Load(file);
        var report = HistoryChecker.Check(history);
        Console.WriteLine($"{history.Count} operations from {file}");
        Console.WriteLine(report);
        return report.Passed ? 0 : 1;
    }
}
