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
    /// <summary>A node's journal stalls (its SQLite file held under BEGIN EXCLUSIVE past the journal timeouts) or fails (its tmpfs data volume full), then recovers.</summary>
    Disk,
    /// <summary>A node is removed under load, then re-added by hand (same process and data) or wiped and rejoined with -clean -join.</summary>
    Membership,
}
