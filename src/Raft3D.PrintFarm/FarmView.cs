using Raft3D.PrintFarm.Encoding;
using Raft3D.PrintFarm.Lists;
using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm;

/// <summary>
/// The farm as it was once the command at <see cref="Index"/> was applied: immutable, so any
/// number of threads read it while the apply loop goes on. Taking one is O(1) (the farm's
/// tables are persistent trees that share every unchanged node), so the farm publishes one
/// after every command and a snapshot serialises one off Raft's thread.
/// </summary>
public sealed class FarmView
{
    /// <summary>How many of a filter's jobs <see cref="ListJobs(PageRequest, JobStatus?, string?, string?)"/> looks up at once.</summary>
    private const int LookupBatch = 16;

    private readonly ObjectTable<Printer> _printers;
    private readonly ObjectTable<Filament> _filaments;
    private readonly ObjectTable<PrintJob> _jobs;
    private readonly JobIndex _jobIndex;

    internal FarmView(long index, ObjectTable<Printer> printers, ObjectTable<Filament> filaments, ObjectTable<PrintJob> jobs, JobIndex jobIndex)
    {
        Index = index;
        _printers = printers;
        _filaments = filaments;
        _jobs = jobs;
        _jobIndex = jobIndex;
    }

    /// <summary>The log index of the last command this view reflects (0: none).</summary>
    public long Index { get; }

    public int PrinterCount => _printers.Count;

    public int FilamentCount => _filaments.Count;

    public int JobCount => _jobs.Count;

    /// <summary>How many print jobs have this status: O(1).</summary>
    public int JobsWith(JobStatus status) => _jobIndex.CountWith(status);

    public Printer? GetPrinter(string id) => _printers.Get(id);

    /// <summary>The filament with its reserved and available weight.</summary>
    public Filament? GetFilament(string id) => _filaments.Get(id);

    public PrintJob? GetJob(string id) => _jobs.Get(id);

    /// <summary>All printers in creation order.</summary>
    public IReadOnlyList<Printer> ListPrinters() => _printers.ToArray();

    /// <summary>All filaments in creation order, with their reserved and available weight.</summary>
    public IReadOnlyList<Filament> ListFilaments() => _filaments.ToArray();

    /// <summary>All print jobs in creation order, filtered by whichever of the arguments are given.</summary>
    public IReadOnlyList<PrintJob> ListJobs(JobStatus? status = null, string? printerId = null, string? filamentId = null) =>
        ListJobs(PageRequest.All, status, printerId, filamentId)!.Items;

    /// <summary>A page of printers; null when the request's After names no printer.</summary>
    public Page<Printer>? ListPrinters(PageRequest request) => _printers.Read(request);

    /// <summary>A page of filaments; null when the request's After names no filament.</summary>
    public Page<Filament>? ListFilaments(PageRequest request) => _filaments.Read(request);

    /// <summary>
    /// A page of the print jobs that match every given filter; null when the request's After
    /// names no print job. Walks the smallest index that applies from After on, never the jobs
    /// before it; the total of a query with two or three filters counts that index's matches.
    /// </summary>
    public Page<PrintJob>? ListJobs(PageRequest request, JobStatus? status = null, string? printerId = null, string? filamentId = null)
    {
        var start = 0;
        if (request.After is { } after)
        {
            if (!_jobs.TryFind(after, out var position)) return null;
            start = position + 1;
        }
        if (_jobIndex.Candidates(status, printerId, filamentId, start) is not { } candidates) return _jobs.Read(request);

        var items = new List<PrintJob>();
        var hasMore = false;
        // A filter's jobs lie scattered over the job table, and each lookup is a chain of cache
        // misses down its trie. Looked up a batch at a time, in a loop that does nothing else, the
        // CPU follows several chains at once: a page of one printer's jobs at 1 M jobs took 48 µs
        // looked up one by one and 20 µs so (`Raft3D.Bench scale`).
        Span<int> positions = stackalloc int[LookupBatch];
        var jobs = new PrintJob[LookupBatch];
        using var candidate = candidates.Positions.GetEnumerator();
        while (!hasMore)
        {
            var count = 0;
            while (count < LookupBatch && candidate.MoveNext()) positions[count++] = candidate.Current;
            if (count == 0) break;
            _jobs.AtEach(positions[..count], jobs);
            foreach (var job in jobs.AsSpan(0, count))
            {
                if (!Matches(job, status, printerId, filamentId)) continue;
                if (items.Count == request.Limit)
                {
                    hasMore = true;
                    break;
                }
                items.Add(job);
            }
        }
        var total = candidates.Exact ? candidates.Count : CountMatches(status, printerId, filamentId);
        return new Page<PrintJob>(items, total, hasMore);
    }

    /// <summary>
    /// This view in the versioned binary snapshot format; equal farms give equal bytes.
    /// previousRelease: in the format the previous release (v0.1.0) reads, without versions,
    /// for a cluster that may still have members of that release (see <see cref="WriteSnapshot"/>).
    /// </summary>
    public byte[] ToSnapshot(bool previousRelease = false)
    {
        using var stream = new MemoryStream();
        WriteSnapshot(stream, previousRelease);
        return stream.ToArray();
    }

    /// <summary>
    /// Writes <see cref="ToSnapshot"/>'s bytes to destination in bounded chunks, walking the jobs
    /// in place: neither the bytes nor the jobs are ever held in one array. The previous
    /// release's format has no versions and cannot name a deleted printer or filament, which that
    /// release never deletes: a farm with a job of a deleted one is refused.
    /// </summary>
    public void WriteSnapshot(Stream destination, bool previousRelease = false) =>
        FarmSnapshotCodec.Write(destination, _printers.ToArray(), _filaments.ToArray(), _jobs.Count, _jobs.Live(), previousRelease);

    private int CountMatches(JobStatus? status, string? printerId, string? filamentId)
    {
        var count = 0;
        foreach (var position in _jobIndex.Candidates(status, printerId, filamentId, 0)!.Value.Positions)
        {
            if (Matches(_jobs.At(position), status, printerId, filamentId)) count++;
        }
        return count;
    }

    private static bool Matches(PrintJob job, JobStatus? status, string? printerId, string? filamentId) =>
        (status is null || job.Status == status) &&
        (printerId is null || job.PrinterId == printerId) &&
        (filamentId is null || job.FilamentId == filamentId);
}
