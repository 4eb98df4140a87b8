using BenchmarkDotNet.Attributes;
using Raft3D.PrintFarm;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;

namespace Raft3D.Benchmarks;

/// <summary>Apply, snapshot and restore on a farm of 10 000 printers, 10 000 filaments and 100 000 jobs.</summary>
[MemoryDiagnoser]
public class PrintFarmBenchmarks
{
    private const int Printers = 10_000, Filaments = 10_000, Jobs = 100_000;
    private const int Batch = 20_000;
    private PrintFarmState _farm = null!;
    private byte[] _snapshot = null!;
    private FarmCommand[] _batch = null!;
    private byte[] _encodedCommand = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _farm = new PrintFarmState();
        for (var i = 0; i < Printers; i++) _farm.Apply(new CreatePrinter($"printer-{i}", "Prusa", "MK4"));
        for (var i = 0; i < Filaments; i++) _farm.Apply(new CreateFilament($"filament-{i}", "PLA", "red", 1_000_000, null));
        for (var i = 0; i < Jobs; i++)
        {
            _farm.Apply(new CreatePrintJob($"job-{i}", $"printer-{i % Printers}", $"filament-{i % Filaments}", "models/benchy.gcode", 10, null));
            if (i % 3 == 0) _farm.Apply(new ChangeJobStatus($"job-{i}", "running"));
            if (i % 9 == 0) _farm.Apply(new ChangeJobStatus($"job-{i}", "done"));
        }
        _snapshot = _farm.ToSnapshot();
        _encodedCommand = FarmCommandCodec.Encode(new CreatePrintJob("job-x", "printer-1", "filament-1", "models/benchy.gcode", 10, null));
        Console.WriteLine($"// snapshot of the farm: {_snapshot.Length} bytes");
    }

    [IterationSetup(Target = nameof(ApplyCreateAndStartJobs))]
    public void NextBatch()
    {
        var round = _round++;
        _batch = Enumerable.Range(0, Batch / 2)
            .SelectMany(i => new FarmCommand[]
            {
                new CreatePrintJob($"bench-{round}-{i}", $"printer-{i % Printers}", $"filament-{i % Filaments}", "models/benchy.gcode", 1, null),
                new ChangeJobStatus($"bench-{round}-{i}", "running"),
            })
            .ToArray();
    }

    /// <summary>Per command, over a batch of 20 000: 10 000 job creations (with the weight check) and 10 000 status changes.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void ApplyCreateAndStartJobs()
    {
        foreach (var command in _batch) _farm.Apply(command);
    }

    [Benchmark]
    public byte[] Snapshot() => _farm.ToSnapshot();

    /// <summary>What a snapshot costs the Raft actor's thread: the rest runs on the thread pool.</summary>
    [Benchmark]
    public Action<Stream> CaptureSnapshot() => _farm.CaptureSnapshot();

    [Benchmark]
    public PrintFarmState Restore() => PrintFarmState.FromSnapshot(_snapshot);

    [Benchmark]
    public byte[] EncodeCommand() => FarmCommandCodec.Encode(new CreatePrintJob("job-x", "printer-1", "filament-1", "models/benchy.gcode", 10, null));

    [Benchmark]
    public FarmCommand DecodeCommand() => FarmCommandCodec.Decode(_encodedCommand);
}
