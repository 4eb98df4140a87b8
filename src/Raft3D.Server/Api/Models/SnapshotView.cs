namespace Raft3D.Server.Api.Models;

/// <summary>The answer to POST /cluster/snapshot: the snapshot's last index and term, and its size.</summary>
public sealed record SnapshotView(string NodeId, long Index, long Term, long Bytes);
