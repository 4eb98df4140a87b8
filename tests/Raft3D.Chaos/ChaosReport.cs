using System.Text;
using Raft3D.Chaos.Checker;
using Raft3D.Chaos.Cluster;
using Raft3D.Chaos.History;
using Raft3D.Chaos.Nemesis;

namespace Raft3D.Chaos;

/// <summary>What one chaos run did and found.</summary>
public sealed class ChaosReport
{
    public required int Seed { get; init; }

    public required ChaosOptions Options { get; init; }

    public string NetworkNote { get; set; } = "";

    public IReadOnlyList<FaultKind> Nemesis { get; set; } = [];

    public List<Operation> History { get; set; } = [];

    public List<FaultRecord> Faults { get; set; } = [];

    /// <summary>Node processes that exited by themselves (restarted after a non-zero code, as systemd would).</summary>
    public List<UnplannedExit> UnplannedExits { get; set; } = [];

    public CheckReport Checks { get; set; } = new();

    /// <summary>Set when the cluster could not be run at all (not a verdict on its behaviour).</summary>
    public string? InfrastructureError { get; set; }

    public TimeSpan Elapsed { get; set; }

    public string? SavedTo { get; set; }

    public bool Passed => InfrastructureError is null && Checks.Passed;

    public string Summary()
    {
        var s = new StringBuilder();
        var o = Options;
        s.AppendLine($"==== Raft3D chaos run, seed {Seed}: {o.Nodes} nodes, {o.Clients} clients, {o.Time.TotalSeconds:0} s of faults ({Elapsed.TotalSeconds:0} s in all)");
        s.AppendLine($"nemesis: {(Nemesis.Count == 0 ? "none" : string.Join(",", Nemesis.Select(k => k.ToString().ToLowerInvariant())))}; {NetworkNote}");
        var ops = History;
        s.AppendLine($"operations: {ops.Count} (ok {ops.Count(x => x.Type == OpType.Ok)}, fail {ops.Count(x => x.Type == OpType.Fail)}, " +
                     $"info {ops.Count(x => x.Type == OpType.Info)}, pending {ops.Count(x => x.Type == OpType.Pending)})");
        foreach (var group in ops.GroupBy(x => x.Kind).OrderBy(g => g.Key))
        {
            s.AppendLine($"  {group.Key,-15} {group.Count(),7}: ok {group.Count(x => x.Type == OpType.Ok)}, fail {group.Count(x => x.Type == OpType.Fail)}, " +
                         $"info {group.Count(x => x.Type == OpType.Info)}; local {group.Count(x => x.Local)}");
        }
        var reasons = ops.Where(x => x.Type is OpType.Fail or OpType.Info).GroupBy(x => x.Error ?? "?").Select(g => $"{g.Key} {g.Count()}");
        s.AppendLine($"  not ok by reason: {string.Join(", ", reasons)}");
        s.AppendLine($"faults injected: {Faults.Count} ({string.Join(", ", Faults.GroupBy(f => f.Kind).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count()}"))})");
        foreach (var f in Faults) s.AppendLine($"  {f}");
        var codes = UnplannedExits.GroupBy(e => e.ExitCode).OrderBy(g => g.Key).Select(g => $"code {g.Key} x{g.Count()}");
        s.AppendLine($"exits by itself: {UnplannedExits.Count}{(UnplannedExits.Count > 0 ? $" ({string.Join(", ", codes)}); restarted {NodeSupervisor.SystemdRestartDelay.TotalSeconds:0} s later unless code 0, as systemd's Restart=on-failure" : "")}");
        foreach (var e in UnplannedExits) s.AppendLine($"  {e}");
        if (InfrastructureError is not null) s.AppendLine($"COULD NOT RUN: {InfrastructureError}");
        s.AppendLine("checks:");
        foreach (var r in Checks.Results) s.AppendLine("  " + r.ToString().Replace(Environment.NewLine, Environment.NewLine + "  "));
        s.AppendLine(Passed ? $"PASSED (seed {Seed})"
            : InfrastructureError is not null ? $"DID NOT COMPLETE (seed {Seed}): {InfrastructureError}; replay: {Options.ReplayCommand(Seed)}"
            : $"FAILED (seed {Seed}); replay: {Options.ReplayCommand(Seed)}");
        if (SavedTo is not null) s.AppendLine($"history and logs saved to {SavedTo}");
        return s.ToString();
    }
}
