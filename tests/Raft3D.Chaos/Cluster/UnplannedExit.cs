namespace Raft3D.Chaos.Cluster;

/// <summary>A node process that ended by itself (seconds since the run began), and what the supervisor did about it.</summary>
public sealed record UnplannedExit(string NodeId, int ExitCode, double AtSeconds)
{
    /// <summary>"restarted at ...", "not restarted: ...", or "restart pending" until the restart delay is over.</summary>
    public string Outcome { get; set; } = "restart pending";

    public override string ToString() => $"[{AtSeconds,7:0.0}s] {NodeId} exited with code {ExitCode}; {Outcome}";
}
