namespace Raft3D.Server.Api.Models;

/// <summary>/health/live and /health/ready.</summary>
public sealed record HealthView(string Status, string NodeId, string? Leader, long CommitIndex, long AppliedIndex, string? Reason)
{
    /// <summary>The newest command version this node applies: what its peers check during a rolling upgrade.</summary>
    public int CommandVersion { get; init; } = Cluster.UpgradeRules.CommandVersion;
}
