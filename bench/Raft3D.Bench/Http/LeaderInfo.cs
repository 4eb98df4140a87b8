namespace Raft3D.Bench.Http;

/// <summary>The leader's HTTP address (as the bench reached it) and its status.</summary>
public sealed record LeaderInfo(string HttpAddress, NodeStatus Status);
