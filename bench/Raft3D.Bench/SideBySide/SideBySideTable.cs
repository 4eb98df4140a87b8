using System.Globalization;
using System.Text;

namespace Raft3D.Bench.SideBySide;

/// <summary>
/// The side-by-side report: per shape, each system's medians over its rounds and the ratio of
/// the first system to the second; then idle CPU, cold start and a follower's restart.
/// </summary>
public static class SideBySideTable
{
    private static readonly string[] Header = ["shape", "system", "runs", "ops/s", "p50 ms", "p99 ms", "cpu µs/op", "leader KB/op", "errors"];

    public static string Format(string first, string second, IReadOnlyList<Measurement> runs, IReadOnlyList<IdleUse> idle, IReadOnlyList<ColdStart> cold,
        IReadOnlyList<RestartStart> restarts)
    {
        var rows = new List<string[]>();
        foreach (var shape in runs.Select(r => r.Shape).Distinct())
        {
            var a = Medians(runs.Where(r => r.Shape == shape && r.System == first).ToList());
            var b = Medians(runs.Where(r => r.Shape == shape && r.System == second).ToList());
            rows.Add(Row(shape, first, a));
            rows.Add(Row(shape, second, b));
            rows.Add([shape.ToString(), $"{first} / {second}", "", Ratio(a.PerSecond, b.PerSecond), Ratio(a.P50, b.P50), Ratio(a.P99, b.P99),
                Ratio(a.Cpu, b.Cpu), a.Allocated is { } x && b.Allocated is { } y ? Ratio(x, y) : "", ""]);
        }
        var text = new StringBuilder();
        var widths = Header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((c, i) => i >= 2 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        text.AppendLine(Line(Header));
        foreach (var row in rows) text.AppendLine(Line(row));
        foreach (var use in idle)
            text.AppendLine($"idle CPU, {use.System}: {string.Join(" / ", use.PercentOfCorePerNode.Select(p => F(p, "0.00")))} % of a core per node");
        foreach (var start in cold)
        {
            var warm = Medians(runs.Where(r => r.System == start.System && r.Shape == new LoadShape("writes", 1)).ToList()).P50;
            text.AppendLine($"cold start, {start.System}: first {F(start.Seconds, "0")} s of 1-client writes after the start p50 {F(start.P50, "0.00")} ms " +
                            $"({start.Writes} writes)" + (double.IsNaN(warm) ? "" : $" = {Ratio(start.P50, warm)} the warm p50 ({F(warm, "0.00")} ms)"));
        }
        foreach (var restart in restarts)
            text.AppendLine($"restart, {restart.System}: a follower ready {F(restart.ToReady.TotalSeconds, "0.0")} s after its start; its first " +
                            $"{F(restart.Seconds, "0")} s of 1-client writes p50 {F(restart.P50, "0.00")} ms ({restart.Writes} writes) = " +
                            $"{Ratio(restart.P50, restart.WarmP50)} its p50 before the restart ({F(restart.WarmP50, "0.00")} ms)");
        return text.ToString();
    }

    /// <summary>The median of the values (the mean of the middle two for an even count), NaN for none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>first / second as "1.23×", "-" when either is unknown or second is zero.</summary>
    public static string Ratio(double first, double second) =>
        double.IsNaN(first) || double.IsNaN(second) || second == 0 ? "-" : F(first / second, "0.00") + "×";

    private sealed record Summary(int Runs, double PerSecond, double P50, double P99, double Cpu, double? Allocated, long Errors);

    private static Summary Medians(IReadOnlyList<Measurement> runs)
    {
        var allocations = runs.Where(r => r.AllocatedBytesPerOp is not null).Select(r => r.AllocatedBytesPerOp!.Value).ToList();
        return new Summary(runs.Count, Median(runs.Select(r => r.Summary.PerSecond)), Median(runs.Select(r => r.Summary.P50)),
            Median(runs.Select(r => r.Summary.P99)), Median(runs.Select(r => r.CpuMicrosPerOp)),
            allocations.Count == 0 ? null : Median(allocations), runs.Sum(r => r.Summary.Errors + r.Summary.Unknown));
    }

    private static string[] Row(LoadShape shape, string system, Summary s) =>
    [
        shape.ToString(), system, s.Runs.ToString(CultureInfo.InvariantCulture), F(s.PerSecond, "0"), F(s.P50, "0.00"), F(s.P99, "0.00"),
        F(s.Cpu, "0"), s.Allocated is { } bytes ? F(bytes / 1024, "0.0") : "-", s.Errors.ToString(CultureInfo.InvariantCulture),
    ];

    private static string F(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
