using Raft3D.Consensus;

namespace Raft3D.Bench;

/// <summary>Counts applies and nothing else, so the figures measure Raft, not a state machine.</summary>
public sealed class NullStateMachine : IStateMachine
{
    private static readonly byte[] Ok = [1];
    private long _applied;

    public byte[] Apply(long index, ReadOnlySpan<byte> command)
    {
        _applied++;
        return Ok;
    }

    public byte[] Snapshot() => BitConverter.GetBytes(_applied);

    public void Restore(Stream snapshot)
    {
        Span<byte> count = stackalloc byte[sizeof(long)];
        snapshot.ReadExactly(count);
        _applied = BitConverter.ToInt64(count);
    }
}
