namespace Raft3D.Consensus.Log;

public enum EntryKind : byte
{
    /// <summary>A client command for the state machine.</summary>
    Command = 0,

    /// <summary>The empty entry a new leader appends to commit its predecessors' entries (§5.4.2, §8).</summary>
    NoOp = 1,

    /// <summary>A cluster configuration (thesis §4.1); it takes effect as soon as it is in the log.</summary>
    Configuration = 2,
}
