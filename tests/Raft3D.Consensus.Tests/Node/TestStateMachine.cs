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

    public byte[] Snapshot() => Encoding.UTF8.GetBytes(string.Join('\n', _applied));

    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        _applied.Clear();
        if (snapshot.Length > 0) _applied.AddRange(Encoding.UTF8.GetString(snapshot).Split('\n'));
    }
}
