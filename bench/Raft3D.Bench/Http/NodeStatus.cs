namespace Raft3D.Bench.Http;

/// <summary>The parts of GET /cluster/status the bench uses.</summary>
public sealed record NodeStatus(
    string NodeId,
    string State,
    long Term,
    bool IsLeader,
    string? LeaderId,
    string? LeaderHttpAddress,
    long CommitIndex,
    long AppliedIndex,
    IReadOnlyList<MemberState> Members);

public sealed record MemberState(string Id, string HttpAddress, bool Voter, bool Healthy);
