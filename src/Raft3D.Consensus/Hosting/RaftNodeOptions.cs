namespace Raft3D.Consensus.Hosting;

/// <summary>
/// How long a <see cref="RaftNode"/> call waits. RequestTimeout bounds a proposal, a read and a
/// status (retries while no leader is known included); ClusterTimeout bounds membership changes,
/// leadership transfers and snapshots, which wait for a commit or a disk.
/// </summary>
public sealed record RaftNodeOptions(TimeSpan RequestTimeout, TimeSpan ClusterTimeout);
