using Raft3D.Consensus.Persistence;

namespace Raft3D.Server.Hosting;

/// <summary>raft3d.storage: the journal's timeouts, the Raft actor's restart back-off, and when a failing journal makes the node exit.</summary>
public sealed record StorageOptions(StorageTimeouts Timeouts, TimeSpan RestartMinBackoff, TimeSpan RestartMaxBackoff, TimeSpan GiveUpAfter);
