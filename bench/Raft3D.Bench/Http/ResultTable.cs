using System.Globalization;
using System.Text;

namespace Raft3D.Bench.Http;

/// <summary>The results as a fixed-width table (and as Markdown for the README).</summary>
public static class ResultTable
{
    private static readonly string[] Header = ["scenario", "loop", "via", "clients/rate", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "unknown", "cpu µs/req", "load (1/5/15 min)"];

    public static string Format(IReadOnlyList<RunResult> runs, bool markdown)
    {
        var rows = runs.Select(Row).ToList();
        var text = new StringBuilder();
        if (markdown)
        {
            text.AppendLine("| " + string.Join(" | ", Header) + " |");
            text.AppendLine("|" + string.Concat(Header.Select(_ => " --- |")));
            foreach (var row in rows) text.AppendLine("| " + string.Join(" | ", row) + " |");
            return text.ToString();
        }
        var widths = Header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((c, i) => i is >= 3 and <= 11 ? c.PadLeft(widths[i]) : c.PadRight(widths[i])));
        text.AppendLine(Line(Header));
        foreach (var row in rows) text.AppendLine(Line(row));
        return text.ToString();
    }

    public static string FormatFailover(FailoverSummary failover) =>
        $"failover ({failover.Rounds.Count} rounds, {failover.Clients} writers): median {failover.MedianFirstWriteMs:0} ms from kill -9 to the first " +
        $"successful write (max {failover.MaxFirstWriteMs:0} ms), median {failover.MedianElectionMs:0} ms to a new leader; " +
        $"load requests failed {failover.Failed}, outcome unknown {failover.Unknown} (the longest answered after {failover.LongestUnknownMs:0} ms)";

    private static string[] Row(RunResult r) =>
    [
        r.Scenario, r.Loop, r.Via,
        r.Rate is { } rate ? $"{rate}/s" : r.Clients?.ToString(CultureInfo.InvariantCulture) ?? "",
        F(r.PerSecond, "0"), F(r.P50, "0.00"), F(r.P90, "0.00"), F(r.P99, "0.00"), F(r.Max, "0.0"),
        (r.Errors - r.Dropped).ToString(CultureInfo.InvariantCulture) + (r.Dropped > 0 ? $" (+{r.Dropped} dropped)" : ""),
        r.Unknown.ToString(CultureInfo.InvariantCulture),
        r.NodeCpuMicrosPerRequest is { } cpu ? F(cpu, "0") : "-",
        r.LoadBefore,
    ];

    private static string F(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
