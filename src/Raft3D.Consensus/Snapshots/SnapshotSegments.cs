namespace Raft3D.Consensus.Snapshots;

/// <summary>
/// Where the bytes of a snapshot too large for one row are: Count rows of the snapshot store
/// under the node's segment persistence id (Persistence.SnapshotSegmentIds), sequence numbers
/// First to First + Count - 1, Length bytes in all. The record that holds this is written only
/// once every segment is saved, so it never names a segment that is missing.
/// </summary>
public sealed record SnapshotSegments(long First, int Count, long Length)
{
    /// <summary>The sequence number the next snapshot's segments start at.</summary>
    public long Next => First + Count;
}
