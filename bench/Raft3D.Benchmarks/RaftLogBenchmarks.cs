using BenchmarkDotNet.Attributes;
using Raft3D.Consensus.Log;

namespace Raft3D.Benchmarks;

/// <summary>
/// The pure in-memory RaftLog: appending (one entry at a time, as a lone proposal, and in
/// batches, as the leader's proposal batches and a follower's AppendEntries), slicing the next
/// AppendEntries, and a follower's decision on an AppendEntries that extends its log.
/// Per entry, over a log of 10 000 entries built afresh for each invocation.
/// </summary>
[MemoryDiagnoser]
public class RaftLogBenchmarks
{
    private const int Count = 10_000;
    private LogEntry[] _entries = null!;
    private LogEntry[][] _batches = null!;
    private RaftLog _full = null!;
    private IReadOnlyList<LogEntry> _next = null!;
    private LogEntry[] _duplicate = null!;

    [Params(64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var command = new byte[100];
        _entries = Enumerable.Range(1, Count).Select(i => new LogEntry(i, 1, EntryKind.Command, command)).ToArray();
        _batches = _entries.Chunk(Batch).ToArray();
        _full = new RaftLog();
        _full.Append(_entries);
        _next = Enumerable.Range(Count + 1, Batch).Select(i => new LogEntry(i, 1, EntryKind.Command, command)).ToArray();
        _duplicate = _batches[_batches.Length / 2];
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public RaftLog AppendOneByOne()
    {
        var log = new RaftLog();
        foreach (var entry in _entries) log.Append([entry]);
        return log;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public RaftLog AppendBatches()
    {
        var log = new RaftLog();
        foreach (var batch in _batches) log.Append(batch);
        return log;
    }

    /// <summary>The leader's next AppendEntries: Batch entries from the middle, capped at 256 KiB.</summary>
    [Benchmark]
    public IReadOnlyList<LogEntry> Slice() => _full.Slice(Count / 2, Count / 2 + Batch - 1, 256 * 1024);

    /// <summary>A follower's consistency check (§5.3) on an AppendEntries that extends its log.</summary>
    [Benchmark]
    public AppendDecision DecideAppend() => _full.Decide(Count, 1, _next);

    /// <summary>The same check on a duplicate AppendEntries (entries it already holds).</summary>
    [Benchmark]
    public AppendDecision DecideDuplicate() => _full.Decide(_duplicate[0].Index - 1, 1, _duplicate);
}
