using System.Text;
using Raft3D.Consensus;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>The simplest state machine: the commands applied, in order, with their log indexes.</summary>
public sealed class TestStateMachine : IStateMachine
{
    private readonly List<string> _applied = [];
    private readonly List<long> _indexes = [];
    private readonly Dictionary<string, long> _indexOf = [];

    public IReadOnlyList<string> Applied => _applied;

    /// <summary>While set and not yet signalled, captured snapshots wait before they serialise.</summary>
    public ManualResetEventSlim? SerializeGate { get; set; }

    /// <summary>The share of a core (<see cref="CpuPacer"/>) the thread that serialised the last captured snapshot held itself to, once one was.</summary>
    public int? SerializedAtCpuPercent => Volatile.Read(ref _serializedAtCpuPercent) is > 0 and var n ? n : null;

    private int _serializedAtCpuPercent;

    /// <summary>The log index a command was applied at (its last time), or null.</summary>
    public long? IndexOf(string command) => _indexOf.TryGetValue(command, out var index) ? index : null;

    public byte[] Apply(long index, ReadOnlySpan<byte> command)
    {
        var text = Encoding.UTF8.GetString(command);
        _applied.Add(text);
        _indexes.Add(index);
        _indexOf[text] = index;
        return Encoding.UTF8.GetBytes($"applied #{_applied.Count} at {index}");
    }

    /// <summary>A command that starts with "stamp:" asks for the leader's time, appended as "@ms".</summary>
    public byte[] Stamp(byte[] command, long leaderTimeMs) =>
        command.AsSpan().StartsWith("stamp:"u8) ? [.. command, .. Encoding.UTF8.GetBytes($"@{leaderTimeMs}")] : command;

    /// <summary>What a proposer of the previous release gets: the result marked as converted.</summary>
    public byte[] AnswerForPreviousRelease(byte[] result) => [.. "v0.1.0:"u8, .. result];

    public byte[] Snapshot() => Serialize(_applied, _indexes);

    public IStateSnapshot CaptureSnapshot() => new Captured([.. _applied], [.. _indexes], SerializeGate, this);

    public void Restore(Stream snapshot)
    {
        _applied.Clear();
        _indexes.Clear();
        _indexOf.Clear();
        var text = new StreamReader(snapshot, Encoding.UTF8).ReadToEnd();
        if (text.Length == 0) return;
        foreach (var line in text.Split('\n'))
        {
            var tab = line.IndexOf('\t');
            var index = long.Parse(line[..tab]);
            var command = line[(tab + 1)..];
            _applied.Add(command);
            _indexes.Add(index);
            _indexOf[command] = index;
        }
    }

    private static byte[] Serialize(IReadOnlyList<string> applied, IReadOnlyList<long> indexes) =>
        Encoding.UTF8.GetBytes(string.Join('\n', applied.Select((text, i) => $"{indexes[i]}\t{text}")));

    private sealed class Captured(string[] applied, long[] indexes, ManualResetEventSlim? gate, TestStateMachine owner) : IStateSnapshot
    {
        public void WriteTo(Stream sink)
        {
            Volatile.Write(ref owner._serializedAtCpuPercent, CpuPacer.CurrentPercent);
            if (gate is not null && !gate.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("the test never opened the gate");
            sink.Write(TestStateMachine.Serialize(applied, indexes));
        }
    }
}
