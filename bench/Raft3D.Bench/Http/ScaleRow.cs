using System.Text;

namespace Raft3D.Bench.Http;

/// <summary>One line of the cluster-scale report: what was measured, the figure, the target and whether it is met.</summary>
public sealed record ScaleRow(string Measure, string Figure, string Target = "", string Verdict = "")
{
    /// <summary>"met" or "not met" when there is a target, empty otherwise.</summary>
    public static string Judge(bool met) => met ? "met" : "NOT met";

    /// <summary>A markdown table of the rows.</summary>
    public static string Format(IReadOnlyList<ScaleRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| measure | figure | target | verdict |");
        text.AppendLine("|---|---|---|---|");
        foreach (var row in rows)
            text.AppendLine($"| {row.Measure} | {row.Figure} | {row.Target} | {row.Verdict} |");
        return text.ToString();
    }
}
