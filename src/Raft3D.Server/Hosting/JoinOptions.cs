namespace Raft3D.Server.Hosting;

/// <summary>raft3d.join: how -join asks existing nodes to add this one.</summary>
public sealed record JoinOptions(IReadOnlyList<string> Addresses, TimeSpan InitialBackoff, TimeSpan MaxBackoff, TimeSpan AttemptTimeout);
