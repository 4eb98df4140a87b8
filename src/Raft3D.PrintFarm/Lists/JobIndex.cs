using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// Where the print jobs of each status, printer and filament are, as positions in the job
/// table (jobs are never removed, so positions never move), and how many Queued or Running
/// jobs each printer and filament has. A filtered list walks the smallest matching index from
/// the page's start instead of every job. Not thread-safe (the farm serialises every call).
/// </summary>
internal sealed class JobIndex
{
    private readonly SortedSet<int>[] _byStatus = Enum.GetValues<JobStatus>().Select(_ => new SortedSet<int>()).ToArray();
    private readonly Dictionary<string, List<int>> _byPrinter = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byFilament = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _activeByPrinter = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _activeByFilament = new(StringComparer.Ordinal);

    /// <summary>A job was appended at this position (positions only grow).</summary>
    public void Added(PrintJob job, int position)
    {
        _byStatus[(int)job.Status].Add(position);
        Append(_byPrinter, job.PrinterId, position);
        Append(_byFilament, job.FilamentId, position);
        if (JobStatuses.Reserves(job.Status)) CountActive(job, +1);
    }

    public void StatusChanged(PrintJob job, JobStatus from, int position)
    {
        _byStatus[(int)from].Remove(position);
        _byStatus[(int)job.Status].Add(position);
        if (JobStatuses.Reserves(from) && !JobStatuses.Reserves(job.Status)) CountActive(job, -1);
    }

    /// <summary>Queued and Running jobs on this printer.</summary>
    public int ActiveOnPrinter(string printerId) => _activeByPrinter.GetValueOrDefault(printerId);

    /// <summary>Queued and Running jobs on this filament.</summary>
    public int ActiveOnFilament(string filamentId) => _activeByFilament.GetValueOrDefault(filamentId);

    /// <summary>
    /// The positions of the jobs that may match the filters, ascending, from startPosition on,
    /// taken from the smallest index that applies (every position when no filter is given);
    /// Exact says whether every candidate matches (one filter) and Count is the size of that
    /// whole index. The caller checks each candidate against the other filters.
    /// </summary>
    public (IEnumerable<int> Positions, int Count, bool Exact)? Candidates(JobStatus? status, string? printerId, string? filamentId, int startPosition)
    {
        var filters = (status is null ? 0 : 1) + (printerId is null ? 0 : 1) + (filamentId is null ? 0 : 1);
        if (filters == 0) return null;
        (IEnumerable<int> Positions, int Count)? best = null;
        if (status is { } s) best = From(_byStatus[(int)s], startPosition);
        if (printerId is not null) best = Smaller(best, From(_byPrinter.GetValueOrDefault(printerId), startPosition));
        if (filamentId is not null) best = Smaller(best, From(_byFilament.GetValueOrDefault(filamentId), startPosition));
        return (best!.Value.Positions, best.Value.Count, filters == 1);
    }

    private static (IEnumerable<int>, int) Smaller((IEnumerable<int> Positions, int Count)? best, (IEnumerable<int> Positions, int Count) next) =>
        best is { } b && b.Count <= next.Count ? b : next;

    private static (IEnumerable<int>, int) From(SortedSet<int> set, int start)
    {
        if (set.Count == 0 || start > set.Max) return ([], set.Count);
        return (start <= set.Min ? set : set.GetViewBetween(start, set.Max), set.Count);
    }

    private static (IEnumerable<int>, int) From(List<int>? list, int start)
    {
        if (list is null) return ([], 0);
        var at = list.BinarySearch(start);
        if (at < 0) at = ~at;
        return (Tail(list, at), list.Count);
    }

    private static IEnumerable<int> Tail(List<int> list, int from)
    {
        for (var i = from; i < list.Count; i++) yield return list[i];
    }

    private static void Append(Dictionary<string, List<int>> index, string key, int position)
    {
        if (!index.TryGetValue(key, out var positions)) index.Add(key, positions = []);
        positions.Add(position);
    }

    private void CountActive(PrintJob job, int delta)
    {
        Adjust(_activeByPrinter, job.PrinterId, delta);
        Adjust(_activeByFilament, job.FilamentId, delta);
    }

    private static void Adjust(Dictionary<string, int> counts, string key, int delta)
    {
        var count = counts.GetValueOrDefault(key) + delta;
        if (count == 0) counts.Remove(key);
        else counts[key] = count;
    }
}
