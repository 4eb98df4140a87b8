using System.Globalization;

namespace Raft3D.Bench.Http;

/// <summary>Reads one metric out of a Prometheus text exposition (what GET /metrics answers).</summary>
public static class PrometheusText
{
    /// <summary>The sum of the metric's samples over all its label sets, or null when it is absent.</summary>
    public static double? Sum(string exposition, string metric)
    {
        double? sum = null;
        foreach (var raw in exposition.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith(metric, StringComparison.Ordinal)) continue;
            var rest = line.AsSpan(metric.Length);
            if (rest.Length == 0 || (rest[0] != ' ' && rest[0] != '{')) continue; // a longer name with this prefix
            if (rest[0] == '{') rest = rest[(rest.LastIndexOf('}') + 1)..];
            rest = rest.Trim();
            var space = rest.IndexOf(' '); // a timestamp may follow the value
            if (space >= 0) rest = rest[..space];
            if (double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) sum = (sum ?? 0) + value;
        }
        return sum;
    }
}
