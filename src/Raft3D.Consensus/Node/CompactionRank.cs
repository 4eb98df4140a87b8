using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Node;

/// <summary>
/// This server's place among the members, by id: members compact at points spread by it
/// (<see cref="Snapshots.SnapshotPolicy.NextCompactionIndex"/>), so that no two hold their
/// journals for a compaction at once.
/// </summary>
public static class CompactionRank
{
    /// <summary>Rank 0 for a server not (or no longer) in the configuration.</summary>
    public static (int Rank, int Members) Of(ClusterConfiguration configuration, string selfId)
    {
        var members = configuration.All.Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
        return (Math.Max(0, members.IndexOf(selfId)), members.Count);
    }
}
