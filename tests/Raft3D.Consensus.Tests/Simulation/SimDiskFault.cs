namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>How a node's journal misbehaves for a while.</summary>
internal enum SimDiskFault
{
    /// <summary>The disk is full or failing: every write fails and is not durable.</summary>
    Failing,

    /// <summary>The journal is stalled (a lock held past its timeouts): writes time out, yet land on disk.</summary>
    Stalled,
}
