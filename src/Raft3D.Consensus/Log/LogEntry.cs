namespace Raft3D.Consensus.Log;

/// <summary>One entry of the replicated log. Data is never mutated once created.</summary>
public sealed record LogEntry(long Index, long Term, EntryKind Kind, byte[] Data)
{
    public static readonly byte[] Empty = [];

    /// <summary>Approximate bytes on the wire, used to cap AppendEntries by size.</summary>
    public int Size => Data.Length + 24;
}
