using System.Text.Json;

namespace Raft3D.Chaos.Cluster;

/// <summary>The parts of GET /cluster/status the run uses.</summary>
public sealed record NodeStatus(string NodeId, string State, long Term, bool IsLeader, string? LeaderId, long CommitIndex, long AppliedIndex)
{
    public static NodeStatus Parse(JsonElement json) => new(
        json.GetProperty("node_id").GetString() ?? "",
        json.GetProperty("state").GetString() ?? "",
        json.GetProperty("term").GetInt64(),
        json.GetProperty("is_leader").GetBoolean(),
        json.GetProperty("leader") is { ValueKind: JsonValueKind.Object } leader ? leader.GetProperty("id").GetString() : null,
        json.GetProperty("commit_index").GetInt64(),
        json.GetProperty("applied_index").GetInt64())
    {
        Voters = json.TryGetProperty("members", out var members) && members.ValueKind == JsonValueKind.Array
            ? members.EnumerateArray().Where(m => m.TryGetProperty("voter", out var v) && v.GetBoolean()).Select(m => m.GetProperty("id").GetString() ?? "").ToList()
            : [],
    };

    /// <summary>The ids of the voters in this node's configuration.</summary>
    public IReadOnlyList<string> Voters { get; init; } = [];

    public override string ToString() => $"{NodeId} {State} term {Term} leader {LeaderId ?? "-"} commit {CommitIndex} applied {AppliedIndex}";
}
