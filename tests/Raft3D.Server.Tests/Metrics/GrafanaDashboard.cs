using System.Text.Json;
using System.Text.RegularExpressions;

namespace Raft3D.Server.Tests.Metrics;

/// <summary>The PromQL queries of deploy/grafana/raft3d.json and the metric names they use.</summary>
public static partial class GrafanaDashboard
{
    /// <summary>Our metrics and the standard ones /metrics exports; anything else in a query is PromQL.</summary>
    [GeneratedRegex(@"\b(?:raft3d|http_server|kestrel|dotnet)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    public static IReadOnlyList<string> Queries(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
    }

    /// <summary>
    /// The metric families a query reads: a histogram's _bucket, _sum and _count series belong
    /// to the family declared without them.
    /// </summary>
    public static IEnumerable<string> Families(string query, IReadOnlySet<string> declared)
    {
        foreach (Match match in MetricName().Matches(query))
        {
            var name = match.Value;
            foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal) && declared.Contains(name[..^suffix.Length]))
                {
                    name = name[..^suffix.Length];
                    break;
                }
            }
            yield return name;
        }
    }
}
