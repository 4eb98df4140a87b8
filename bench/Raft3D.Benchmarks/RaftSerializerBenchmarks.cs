using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Serialization;

namespace Raft3D.Benchmarks;

/// <summary>
/// The Raft message serializer on its hottest message: an AppendEntries carrying a batch of
/// command entries (100-byte commands, about the size of a printer's envelope), to bytes, back,
/// and both; and the answer a follower sends for each.
/// </summary>
[MemoryDiagnoser]
public class RaftSerializerBenchmarks
{
    private ActorSystem _system = null!;
    private RaftSerializer _serializer = null!;
    private AppendEntries _append = null!;
    private byte[] _appendBytes = null!;
    private AppendEntriesResponse _response = null!;
    private byte[] _responseBytes = null!;

    [Params(1, 64, 512)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("serializer-bench", "akka.loglevel = WARNING");
        _serializer = new RaftSerializer((ExtendedActorSystem)_system);
        var command = new byte[100];
        new Random(1).NextBytes(command);
        var entries = Enumerable.Range(0, Entries).Select(i => new LogEntry(1_000_001 + i, 7, EntryKind.Command, command)).ToArray();
        _append = new AppendEntries(7, "node1", 1_000_000, 7, entries, 999_990, 3);
        _appendBytes = _serializer.ToBinary(_append);
        _response = new AppendEntriesResponse(7, "node2", true, 1_000_000 + Entries, 0, 0, 0, 1_000_000 + Entries, 3);
        _responseBytes = _serializer.ToBinary(_response);
        Console.WriteLine($"// AppendEntries with {Entries} entries: {_appendBytes.Length} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public byte[] AppendEntriesToBinary() => _serializer.ToBinary(_append);

    [Benchmark]
    public object AppendEntriesFromBinary() => _serializer.FromBinary(_appendBytes, "AE");

    [Benchmark]
    public object AppendEntriesRoundTrip() => _serializer.FromBinary(_serializer.ToBinary(_append), _serializer.Manifest(_append));

    [Benchmark]
    public object ResponseRoundTrip() => _serializer.FromBinary(_serializer.ToBinary(_response), _serializer.Manifest(_response));

    [Benchmark]
    public object ResponseFromBinary() => _serializer.FromBinary(_responseBytes, "AER");
}
