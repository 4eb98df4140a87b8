namespace Raft3D.Consensus.Snapshots;

/// <summary>When a node compacts its own log (§7): each node decides alone, from what it has applied.</summary>
public static class SnapshotPolicy
{
    /// <summary>
    /// Whether the applied entries that the last snapshot does not cover have passed either
    /// bound: a count of entries, or their bytes (0: no byte bound), so a few huge commands
    /// cannot grow the log without limit.
    /// </summary>
    public static bool IsDue(long appliedEntries, long appliedBytes, long thresholdEntries, long thresholdBytes) =>
        appliedEntries > 0 && (appliedEntries >= thresholdEntries || (thresholdBytes > 0 && appliedBytes >= thresholdBytes));
}
