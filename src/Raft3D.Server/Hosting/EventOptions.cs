namespace Raft3D.Server.Hosting;

/// <summary>raft3d.events: the window of recent changes GET /api/v1/events serves, and its streams' timing.</summary>
public sealed record EventOptions(int Window, TimeSpan KeepAlive, TimeSpan StallTimeout);
