using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Checker;

/// <summary>
/// The verdict on one key's history. When it is not linearizable: the longest order the
/// search found that explains a prefix (BestOrder, ending in BestState), and the operation
/// that could not be placed after it (Blocked: it completed before anything else could
/// explain it).
/// </summary>
public sealed record LinearizabilityResult(
    string Key,
    LinearizabilityOutcome Outcome,
    IReadOnlyList<Operation> Operations,
    long Steps,
    IReadOnlyList<Operation> BestOrder,
    string BestState,
    Operation? Blocked)
{
    public string Explain()
    {
        var lines = new List<string>
        {
            $"key {Key}: {Outcome} after {Steps} search steps, {Operations.Count} operations:",
        };
        lines.AddRange(Operations.OrderBy(o => o.InvokeNs).Select(o => "    " + o));
        if (Outcome == LinearizabilityOutcome.NotLinearizable)
        {
            lines.Add($"  longest linearizable prefix found ({BestOrder.Count} operations), ending in state {BestState}:");
            lines.AddRange(BestOrder.Select(o => "    " + o));
            if (Blocked is not null) lines.Add($"  then nothing explains: {Blocked}");
        }
        return string.Join(Environment.NewLine, lines);
    }
}
