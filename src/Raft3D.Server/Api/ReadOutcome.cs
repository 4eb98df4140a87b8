namespace Raft3D.Server.Api;

/// <summary>A read served at AppliedIndex, or refused because no leader could confirm it in time.</summary>
public sealed record ReadOutcome<T>(bool Served, T? Value, long AppliedIndex, string? Reason);
