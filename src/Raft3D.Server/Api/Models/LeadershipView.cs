namespace Raft3D.Server.Api.Models;

/// <summary>The answer to a leadership transfer.</summary>
public sealed record LeadershipView(string Leader, long Term);
