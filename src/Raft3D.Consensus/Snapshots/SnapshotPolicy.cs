namespace Raft3D.Consensus.Snapshots;

/// <summary>When a node compacts its own log (§7): each node decides alone, from what it has applied.</summary>
public static class SnapshotPolicy
{
    /// <summary>
    /// Whether the node should snapshot at its applied index: it has reached the node's next
    /// compaction point (<see cref="NextCompactionIndex"/>), or the entries the last snapshot does
    /// not cover have passed the byte bound (0: none), so a few huge commands cannot grow the log
    /// without limit.
    /// </summary>
    public static bool IsDue(long appliedIndex, long snapshotIndex, long appliedBytes, long thresholdEntries, long thresholdBytes, int rank, int members) =>
        appliedIndex > snapshotIndex &&
        (appliedIndex >= NextCompactionIndex(snapshotIndex, thresholdEntries, rank, members) || (thresholdBytes > 0 && appliedBytes >= thresholdBytes));

    /// <summary>
    /// The applied index at which a node next compacts by count: the first point of its own grid,
    /// offset + k × threshold, more than half a threshold past its last snapshot, the offset
    /// spreading the members (by rank, 0 .. members - 1) evenly over one threshold. Compacting
    /// holds a node's journal while it deletes the events the snapshot covers (hundreds of
    /// milliseconds for 100 000 entries); at one shared index every node held its journal at
    /// once, and no majority could make a write durable until they were done.
    /// </summary>
    public static long NextCompactionIndex(long snapshotIndex, long thresholdEntries, int rank, int members)
    {
        var threshold = Math.Max(1, thresholdEntries);
        var offset = members > 1 && rank > 0 && rank < members ? threshold * rank / members : 0;
        var after = snapshotIndex + threshold / 2;
        return after < offset ? offset : offset + ((after - offset) / threshold + 1) * threshold;
    }
}
