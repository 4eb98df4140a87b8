using System.Globalization;
using System.Text.RegularExpressions;

namespace Raft3D.Server.Tests.Metrics;

/// <summary>
/// Reads sample values out of a Prometheus text exposition that promtool has already checked:
/// enough to find one series' value, not a parser of the format.
/// </summary>
public static partial class PrometheusText
{
    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)""")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();

    /// <summary>Every sample: metric name, labels, value.</summary>
    public static IEnumerable<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> Samples(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var match = Sample().Match(line);
            if (!match.Success) continue;
            var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
            yield return (match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The value of the one series of name whose labels include the given ones; null if there is none.</summary>
    public static double? Value(string text, string name, params (string Key, string Value)[] labels)
    {
        var matches = Samples(text).Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).ToList();
        if (matches.Count > 1) throw new InvalidOperationException($"{matches.Count} series of {name} match {string.Join(",", labels)}");
        return matches.Count == 0 ? null : matches[0].Value;
    }

    /// <summary>The metric families (names from # TYPE lines) an exposition declares.</summary>
    public static IReadOnlySet<string> Families(string text) =>
        text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet();
}
