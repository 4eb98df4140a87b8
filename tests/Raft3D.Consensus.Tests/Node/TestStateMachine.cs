using System.Text;
using Raft3D.Consensus;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>The simplest state machine: the list of commands applied, in order.</summary>
public sealed class TestStateMachine : IStateMachine
{
    private readonly List<string> _applied = [];

    public IReadOnlyList<string> Applied => _applied;

    public byte[] Apply(long index, ReadOnlySpan<byte> command)
    {
        _applied.Add(Encoding.UTF8.GetString(command));
        return Encoding.UTF8.GetBytes($"applied #{_applied.Count} at {index}");
    }

    /// <summary>While set and not yet signalled, captured snapshots wait before they serialise.</summary>
    public ManualResetEventSlim? SerializeGate { get; set; }

    public byte[] Snapshot() => Encoding.UTF8.GetBytes(string.Join('\n', _applied));

    public IStateSnapshot CaptureSnapshot() => new Captured([.. _applied], SerializeGate);

    private sealed class Captured(string[] applied, ManualResetEventSlim? gate) : IStateSnapshot
    {
        public byte[] Serialize()
        {
            if (gate is not null && !gate.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("the test never opened the gate");
            return Encoding.UTF8.GetBytes(string.Join('\n', applied));
        }
    }

    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        _applied.Clear();
        if (snapshot.Length > 0) _applied.AddRange(Encoding.UTF8.GetString(snapshot).Split('\n'));
    }
}
