using System.Collections.Immutable;
using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// Where the print jobs of each status, printer and filament are, as positions in the job
/// table (jobs are never removed, so positions never move), and how many Queued or Running
/// jobs each printer and filament has. A filtered list walks the smallest matching index from
/// the page's start instead of every job. Persistent like <see cref="ObjectTable{T}"/>: a
/// change costs O(log n), <see cref="Freeze"/> O(1); only the apply loop changes an index.
/// </summary>
internal sealed class JobIndex
{
    private static readonly ImmutableDictionary<string, ImmutableList<int>> NoLists = ImmutableDictionary.Create<string, ImmutableList<int>>(StringComparer.Ordinal);
    private static readonly ImmutableDictionary<string, int> NoCounts = ImmutableDictionary.Create<string, int>(StringComparer.Ordinal);

    private readonly ImmutableSortedSet<int>[] _byStatus = Enum.GetValues<JobStatus>().Select(_ => ImmutableSortedSet<int>.Empty).ToArray();
    private ImmutableDictionary<string, ImmutableList<int>> _byPrinter = NoLists;
    private ImmutableDictionary<string, ImmutableList<int>> _byFilament = NoLists;
    private ImmutableDictionary<string, int> _activeByPrinter = NoCounts;
    private ImmutableDictionary<string, int> _activeByFilament = NoCounts;

    /// <summary>This index as it is now, unchanged by what is done to this one later: O(1).</summary>
    public JobIndex Freeze()
    {
        var frozen = new JobIndex
        {
            _byPrinter = _byPrinter,
            _byFilament = _byFilament,
            _activeByPrinter = _activeByPrinter,
            _activeByFilament = _activeByFilament,
        };
        _byStatus.CopyTo(frozen._byStatus, 0);
        return frozen;
    }

    /// <summary>Indexes the whole job table at once, position i holding jobs[i]: for a restore, with builders instead of one tree change per job.</summary>
    public void Load(IReadOnlyList<PrintJob> jobs)
    {
        var byStatus = _byStatus.Select(s => s.ToBuilder()).ToArray();
        var byPrinter = new Dictionary<string, ImmutableList<int>.Builder>(StringComparer.Ordinal);
        var byFilament = new Dictionary<string, ImmutableList<int>.Builder>(StringComparer.Ordinal);
        var activeByPrinter = _activeByPrinter.ToBuilder();
        var activeByFilament = _activeByFilament.ToBuilder();
        for (var position = 0; position < jobs.Count; position++)
        {
            var job = jobs[position];
            byStatus[(int)job.Status].Add(position);
            Builder(byPrinter, job.PrinterId).Add(position);
            Builder(byFilament, job.FilamentId).Add(position);
            if (!JobStatuses.Reserves(job.Status)) continue;
            activeByPrinter[job.PrinterId] = activeByPrinter.GetValueOrDefault(job.PrinterId) + 1;
            activeByFilament[job.FilamentId] = activeByFilament.GetValueOrDefault(job.FilamentId) + 1;
        }
        for (var s = 0; s < byStatus.Length; s++) _byStatus[s] = byStatus[s].ToImmutable();
        _byPrinter = NoLists.AddRange(byPrinter.Select(p => KeyValuePair.Create(p.Key, p.Value.ToImmutable())));
        _byFilament = NoLists.AddRange(byFilament.Select(f => KeyValuePair.Create(f.Key, f.Value.ToImmutable())));
        _activeByPrinter = activeByPrinter.ToImmutable();
        _activeByFilament = activeByFilament.ToImmutable();
    }

    private static ImmutableList<int>.Builder Builder(Dictionary<string, ImmutableList<int>.Builder> lists, string key)
    {
        if (!lists.TryGetValue(key, out var list)) lists.Add(key, list = ImmutableList.CreateBuilder<int>());
        return list;
    }

    /// <summary>A job was appended at this position (positions only grow).</summary>
    public void Added(PrintJob job, int position)
    {
        _byStatus[(int)job.Status] = _byStatus[(int)job.Status].Add(position);
        _byPrinter = Append(_byPrinter, job.PrinterId, position);
        _byFilament = Append(_byFilament, job.FilamentId, position);
        if (JobStatuses.Reserves(job.Status)) CountActive(job, +1);
    }

    public void StatusChanged(PrintJob job, JobStatus from, int position)
    {
        _byStatus[(int)from] = _byStatus[(int)from].Remove(position);
        _byStatus[(int)job.Status] = _byStatus[(int)job.Status].Add(position);
        if (JobStatuses.Reserves(from) && !JobStatuses.Reserves(job.Status)) CountActive(job, -1);
    }

    /// <summary>How many jobs have this status.</summary>
    public int CountWith(JobStatus status) => _byStatus[(int)status].Count;

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

    private static (IEnumerable<int>, int) From(ImmutableSortedSet<int> set, int start)
    {
        if (set.Count == 0 || start > set.Max) return ([], set.Count);
        if (start <= set.Min) return (set, set.Count);
        var at = set.IndexOf(start);
        return (Tail(set, at < 0 ? ~at : at), set.Count);
    }

    private static (IEnumerable<int>, int) From(ImmutableList<int>? list, int start)
    {
        if (list is null) return ([], 0);
        var at = list.BinarySearch(start);
        if (at < 0) at = ~at;
        return (at == 0 ? list : Tail(list, at), list.Count);
    }

    private static IEnumerable<int> Tail(IReadOnlyList<int> list, int from)
    {
        for (var i = from; i < list.Count; i++) yield return list[i];
    }

    private static ImmutableDictionary<string, ImmutableList<int>> Append(ImmutableDictionary<string, ImmutableList<int>> index, string key, int position) =>
        index.SetItem(key, index.GetValueOrDefault(key, ImmutableList<int>.Empty).Add(position));

    private void CountActive(PrintJob job, int delta)
    {
        _activeByPrinter = Adjust(_activeByPrinter, job.PrinterId, delta);
        _activeByFilament = Adjust(_activeByFilament, job.FilamentId, delta);
    }

    private static ImmutableDictionary<string, int> Adjust(ImmutableDictionary<string, int> counts, string key, int delta)
    {
        var count = counts.GetValueOrDefault(key) + delta;
        return count == 0 ? counts.Remove(key) : counts.SetItem(key, count);
    }
}
