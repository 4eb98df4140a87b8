namespace Raft3D.Chaos.Checker;

/// <summary>One check over a history: its name, whether it passed, what it looked at, and the violations found (at most a few dozen kept).</summary>
public sealed class CheckResult(string name)
{
    public const int MaxViolationsKept = 30;

    private readonly List<string> _violations = [];

    public string Name { get; } = name;

    public int ViolationCount { get; private set; }

    public IReadOnlyList<string> Violations => _violations;

    /// <summary>What was checked, e.g. "412 keys, 9 830 operations".</summary>
    public string Scope { get; set; } = "";

    /// <summary>Inconclusive: it could not decide (e.g. a search over budget); not a failure, but reported.</summary>
    public List<string> Inconclusive { get; } = [];

    public bool Passed => ViolationCount == 0;

    public void Violation(string what)
    {
        ViolationCount++;
        if (_violations.Count < MaxViolationsKept) _violations.Add(what);
    }

    public override string ToString()
    {
        var head = $"{(Passed ? "PASS" : "FAIL")}  {Name}{(Scope.Length > 0 ? $" ({Scope})" : "")}";
        if (Inconclusive.Count > 0) head += $"; {Inconclusive.Count} inconclusive";
        if (Passed) return head;
        var more = ViolationCount > _violations.Count ? $"{Environment.NewLine}    ... and {ViolationCount - _violations.Count} more" : "";
        return head + $": {ViolationCount} violation(s){Environment.NewLine}    " + string.Join(Environment.NewLine + "    ", _violations) + more;
    }
}
