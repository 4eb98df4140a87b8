namespace Raft3D.Bench.Http;

/// <summary>The failover rounds and their medians (milliseconds).</summary>
public sealed record FailoverSummary(
    IReadOnlyList<FailoverRound> Rounds,
    int Clients,
    double MedianElectionMs,
    double MedianFirstWriteMs,
    double MaxFirstWriteMs,
    long Failed,
    long Unknown,
    double LongestUnknownMs)
{
    public static FailoverSummary From(IReadOnlyList<FailoverRound> rounds, int clients) => new(
        rounds, clients,
        Median(rounds.Select(r => r.ElectionMs)),
        Median(rounds.Select(r => r.FirstWriteMs)),
        rounds.Count == 0 ? double.NaN : rounds.Max(r => r.FirstWriteMs),
        rounds.Sum(r => r.Failed),
        rounds.Sum(r => r.Unknown),
        rounds.Count == 0 ? double.NaN : rounds.Max(r => r.LongestUnknownMs));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
