namespace Raft3D.Consensus.Tests.Simulation;

internal enum SimEventKind
{
    /// <summary>A node's logical clock advances one tick.</summary>
    Tick,

    /// <summary>A message arrives (unless its receiver is down or on the other side of a partition).</summary>
    Deliver,

    /// <summary>The oldest pending write of a node becomes durable.</summary>
    DiskWrite,

    /// <summary>A client proposes commands or asks for a read.</summary>
    Client,

    /// <summary>A crash or a partition begins.</summary>
    Fault,

    /// <summary>A crashed node starts again from its durable state.</summary>
    Restart,

    /// <summary>A partition ends.</summary>
    Heal,

    /// <summary>A node's snapshot store finished saving its snapshot in flight.</summary>
    SnapshotSaved,
}
