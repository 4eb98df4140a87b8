namespace Raft3D.Consensus.Persistence;

/// <summary>The persistence id under which a node's snapshot segments are rows of the snapshot store.</summary>
public static class SnapshotSegmentIds
{
    public static string For(string persistenceId) => $"{persistenceId}-snapshot-segments";
}
