using Raft3D.Bench.Http;

namespace Raft3D.Bench.SideBySide;

/// <summary>A 3-node cluster the side-by-side mode started and loads: Raft3D (plain or secure) or etcd.</summary>
public interface IBenchedCluster : IAsyncDisposable
{
    string Name { get; }

    /// <summary>CPU time (user and system) each node's process has used so far.</summary>
    IReadOnlyList<TimeSpan> NodeCpuTimes();

    /// <summary>Writes of a new key each, through the leader.</summary>
    Task<IWorkload> WritesAsync(string tag);

    /// <summary>Linearizable reads of existing keys through the leader; creates the keys first.</summary>
    Task<IWorkload> ReadsAsync(string tag, int keys);

    /// <summary>Writes of a new key each, through the follower <see cref="RestartFollowerAsync"/> restarts (it forwards them to the leader).</summary>
    Task<IWorkload> FollowerWritesAsync(string tag);

    /// <summary>Stops that follower with SIGTERM, starts it again on its data, and returns once it serves: how long that took from the start.</summary>
    Task<TimeSpan> RestartFollowerAsync();

    /// <summary>Bytes the leader's runtime has allocated so far, or null when the system has no such counter.</summary>
    Task<long?> LeaderAllocatedBytesAsync();
}
