using System.Collections.Immutable;
using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// Where the print jobs of each status, printer and filament are, as positions in the job
/// table (jobs are never removed, so positions never move), and how many Queued or Running
/// jobs each printer and filament has. A filtered list walks the smallest matching index from
/// the page's start instead of every job. Only the apply loop changes an index; a frozen one
/// (<see cref="Freeze"/>, O(1)) is read by views on any thread: the status sets are persistent
/// bitmaps (<see cref="PersistentBitSet"/>: a bit a job, where a tree took a 48-byte node), the
/// per-printer and per-filament lists append-only (<see cref="PositionList"/>) and cut at the
/// job count the view was taken at.
/// </summary>
internal sealed class JobIndex
{
    private static readonly ImmutableDictionary<string, PositionList> NoLists = ImmutableDictionary.Create<string, PositionList>(StringComparer.Ordinal);

    private readonly PersistentBitSet[] _byStatus;
    // The key sets change only when a printer or filament gets its first job; the lists are shared with every view.
    private ImmutableDictionary<string, PositionList> _byPrinter = NoLists;
    private ImmutableDictionary<string, PositionList> _byFilament = NoLists;
    // Counted for the apply loop's rules only: a frozen index has none (Freeze runs for every
    // applied change, so it builds nothing it does not need).
    private readonly Dictionary<string, int>? _activeByPrinter;
    private readonly Dictionary<string, int>? _activeByFilament;
    // The jobs a frozen index covers: positions at or above it were appended after it was taken.
    private readonly int _limit = int.MaxValue;

    public JobIndex()
    {
        _byStatus = Enum.GetValues<JobStatus>().Select(_ => PersistentBitSet.Empty).ToArray();
        _activeByPrinter = new Dictionary<string, int>(StringComparer.Ordinal);
        _activeByFilament = new Dictionary<string, int>(StringComparer.Ordinal);
    }

    private JobIndex(JobIndex live, int jobCount)
    {
        _byStatus = (PersistentBitSet[])live._byStatus.Clone();
        _byPrinter = live._byPrinter;
        _byFilament = live._byFilament;
        _limit = jobCount;
    }

    /// <summary>This index as it is now over the first jobCount jobs, unchanged by what is done to this one later: O(1).</summary>
    public JobIndex Freeze(int jobCount) => new(this, jobCount);

    /// <summary>Indexes the whole job table at once, position i holding jobs[i]: for a restore, with plain bitmaps instead of one set change per job.</summary>
    public void Load(IReadOnlyList<PrintJob> jobs)
    {
        var byStatus = _byStatus.Select(_ => new ulong[(jobs.Count + 63) / 64]).ToArray();
        var byPrinter = new Dictionary<string, PositionList>(StringComparer.Ordinal);
        var byFilament = new Dictionary<string, PositionList>(StringComparer.Ordinal);
        for (var position = 0; position < jobs.Count; position++)
        {
            var job = jobs[position];
            byStatus[(int)job.Status][position >> 6] |= 1UL << position;
            List(byPrinter, job.PrinterId).Append(position);
            List(byFilament, job.FilamentId).Append(position);
            if (JobStatuses.Reserves(job.Status)) CountActive(job, +1);
        }
        for (var s = 0; s < byStatus.Length; s++) _byStatus[s] = PersistentBitSet.FromWords(byStatus[s]);
        _byPrinter = NoLists.AddRange(byPrinter);
        _byFilament = NoLists.AddRange(byFilament);
    }

    private static PositionList List(Dictionary<string, PositionList> lists, string key)
    {
        if (!lists.TryGetValue(key, out var list)) lists.Add(key, list = new PositionList());
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

    /// <summary>Queued and Running jobs on this printer (the live index only).</summary>
    public int ActiveOnPrinter(string printerId) => Active(_activeByPrinter).GetValueOrDefault(printerId);

    /// <summary>Queued and Running jobs on this filament (the live index only).</summary>
    public int ActiveOnFilament(string filamentId) => Active(_activeByFilament).GetValueOrDefault(filamentId);

    private static Dictionary<string, int> Active(Dictionary<string, int>? counts) =>
        counts ?? throw new InvalidOperationException("a frozen job index does not count active jobs");

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

    private static (IEnumerable<int>, int) From(PersistentBitSet set, int start) => (set.Count == 0 ? [] : set.From(start), set.Count);

    private (IEnumerable<int>, int) From(PositionList? list, int start)
    {
        if (list is null) return ([], 0);
        var (items, count) = list.Below(_limit);
        var at = Array.BinarySearch(items, 0, count, start);
        return (Tail(items, at < 0 ? ~at : at, count), count);
    }

    private static IEnumerable<int> Tail(IReadOnlyList<int> list, int from, int count)
    {
        for (var i = from; i < count; i++) yield return list[i];
    }

    private static ImmutableDictionary<string, PositionList> Append(ImmutableDictionary<string, PositionList> index, string key, int position)
    {
        if (index.TryGetValue(key, out var list))
        {
            list.Append(position);
            return index;
        }
        list = new PositionList();
        list.Append(position);
        return index.Add(key, list);
    }

    private void CountActive(PrintJob job, int delta)
    {
        Adjust(Active(_activeByPrinter), job.PrinterId, delta);
        Adjust(Active(_activeByFilament), job.FilamentId, delta);
    }

    private static void Adjust(Dictionary<string, int> counts, string key, int delta)
    {
        var count = counts.GetValueOrDefault(key) + delta;
        if (count == 0) counts.Remove(key);
        else counts[key] = count;
    }
}
