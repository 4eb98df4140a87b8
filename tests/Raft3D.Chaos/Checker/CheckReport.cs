namespace Raft3D.Chaos.Checker;

/// <summary>Every check run over one history.</summary>
public sealed class CheckReport
{
    public List<CheckResult> Results { get; } = [];

    /// <summary>Per-key verdicts that were not linearizable, explained in full.</summary>
    public List<LinearizabilityResult> NonLinearizable { get; } = [];

    public bool Passed => Results.All(r => r.Passed);

    public CheckResult? this[string name] => Results.FirstOrDefault(r => r.Name == name);

    public override string ToString() => string.Join(Environment.NewLine, Results);
}
