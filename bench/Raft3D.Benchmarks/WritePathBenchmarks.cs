using BenchmarkDotNet.Attributes;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.PrintFarm.Results;
using Raft3D.Server.Api;
using Raft3D.Server.Api.Models;
using Raft3D.Server.StateMachine;

namespace Raft3D.Benchmarks;

/// <summary>
/// The server's own work per write outside Raft: building the log entry on the node that takes
/// the request (fingerprint and envelope), applying it on every node (envelope decode, farm
/// apply, idempotency table, result encode), and turning the applied result back into a view.
/// </summary>
[MemoryDiagnoser]
public class WritePathBenchmarks
{
    private const int Batch = 20_000;
    private readonly PrinterInput _input = new("printer-42", "Prusa", "MK4");
    private readonly CreatePrinter _command = new("printer-42", "Prusa", "MK4");
    private FarmStateMachine _machine = null!;
    private byte[][] _entries = null!;
    private byte[] _applied = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _machine = new FarmStateMachine();
        _applied = _machine.Apply(1, Entry(null, _command));
    }

    [IterationSetup(Target = nameof(ApplyCreatePrinter))]
    public void NextBatch()
    {
        var round = _round++;
        _entries = Enumerable.Range(0, Batch).Select(i => Entry(null, new CreatePrinter($"bench-{round}-{i}", "Prusa", "MK4"))).ToArray();
    }

    private byte[] Entry(string? key, FarmCommand command) =>
        FarmWriter.Envelope(key, "POST", "/api/v1/printers", _input, 1_700_000_000_000, command);

    /// <summary>The log entry for a POST without an Idempotency-Key.</summary>
    [Benchmark]
    public byte[] EntryWithoutKey() => Entry(null, _command);

    /// <summary>The log entry for a POST with an Idempotency-Key (fingerprinted).</summary>
    [Benchmark]
    public byte[] EntryWithKey() => Entry("3f2c9a4e-6a51-4d5e-9a53-0c1f0b8f2a11", _command);

    /// <summary>Per entry, over a batch of 20 000 new printers.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void ApplyCreatePrinter()
    {
        var index = 2L + (long)_round * Batch;
        foreach (var entry in _entries) _machine.Apply(index++, entry);
    }

    /// <summary>The applied bytes back to the object the answer shows.</summary>
    [Benchmark]
    public object Answer() => WriteResults.ToView(((FarmResult.Created)FarmResultCodec.Decode(ApplyOutcome.Decode(_applied).FarmResult)).Value);
}
