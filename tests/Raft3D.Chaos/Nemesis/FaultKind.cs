namespace Raft3D.Chaos.Nemesis;

/// <summary>The faults the nemesis injects.</summary>
public enum FaultKind
{
    /// <summary>kill -9 of one node, a minority or (sometimes) every node, then a restart from their data.</summary>
    Kill,
    /// <summary>SIGSTOP of one node or a minority, then SIGCONT.</summary>
    Pause,
    /// <summary>Network partitions (needs namespaces): an isolated node (often the leader), a majority/minority split, or a bridge.</summary>
    Partition,
}
