using Raft3D.PrintFarm.Encoding;
using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm;

/// <summary>The farm as snapshot bytes and back.</summary>
public sealed partial class PrintFarmState
{
    /// <summary>The whole farm in the versioned binary snapshot format; the same command sequence gives the same bytes.</summary>
    public byte[] ToSnapshot() => View.ToSnapshot();

    /// <summary>
    /// Captures the farm now and returns a function that writes <see cref="ToSnapshot"/>'s bytes
    /// as of now to a stream, on any thread, however the farm changes meanwhile. The capture is
    /// the current <see cref="View"/>: O(1), whatever the size of the farm. previousRelease: in the
    /// format the previous release reads (<see cref="FarmView.WriteSnapshot"/>).
    /// </summary>
    public Action<Stream> CaptureSnapshot(bool previousRelease = false)
    {
        var view = View;
        return destination => view.WriteSnapshot(destination, previousRelease);
    }

    /// <summary>
    /// Rebuilds a farm from <see cref="ToSnapshot"/>'s bytes (or an older format's), recomputing
    /// reserved weights and the job indexes from the jobs. Throws <see cref="InvalidDataException"/>
    /// for input that is not a snapshot, has an unknown version, is truncated or corrupt, or does
    /// not describe a farm the rules allow (duplicate or malformed ids, a Queued or Running job
    /// whose printer or filament is missing, impossible weights).
    /// </summary>
    public static PrintFarmState FromSnapshot(ReadOnlySpan<byte> snapshot) => FromObjects(FarmSnapshotCodec.Read(snapshot));

    /// <summary>
    /// <see cref="FromSnapshot(ReadOnlySpan{byte})"/> from a stream, read to its end through a
    /// small buffer: a snapshot larger than any array (2 GiB) restores too.
    /// </summary>
    public static PrintFarmState FromSnapshot(Stream snapshot) => FromObjects(FarmSnapshotCodec.Read(snapshot));

    private static PrintFarmState FromObjects((List<Printer> Printers, List<Filament> Filaments, List<PrintJob> Jobs) objects)
    {
        var (printers, filaments, jobs) = objects;
        var state = new PrintFarmState();
        var printerIds = new HashSet<string>(printers.Count, StringComparer.Ordinal);
        foreach (var printer in printers)
        {
            if (!Ids.IsWellFormed(printer.Id)) throw Inconsistent($"printer id '{printer.Id}' is malformed");
            if (!printerIds.Add(printer.Id)) throw Inconsistent($"printer '{printer.Id}' appears twice");
            state._lastIndex = Math.Max(state._lastIndex, printer.Version);
        }
        var filamentPositions = new Dictionary<string, int>(filaments.Count, StringComparer.Ordinal);
        foreach (var filament in filaments)
        {
            if (!Ids.IsWellFormed(filament.Id)) throw Inconsistent($"filament id '{filament.Id}' is malformed");
            if (!filamentPositions.TryAdd(filament.Id, filamentPositions.Count)) throw Inconsistent($"filament '{filament.Id}' appears twice");
            if (filament.TotalWeightInGrams <= 0 || filament.RemainingWeightInGrams < 0 || filament.RemainingWeightInGrams > filament.TotalWeightInGrams)
                throw Inconsistent($"filament '{filament.Id}' has {filament.RemainingWeightInGrams} g remaining of {filament.TotalWeightInGrams} g");
            state._lastIndex = Math.Max(state._lastIndex, filament.Version);
        }

        var reserved = new int[filaments.Count];
        var jobIds = new HashSet<string>(jobs.Count, StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (!Ids.IsWellFormed(job.Id)) throw Inconsistent($"print job id '{job.Id}' is malformed");
            if (!jobIds.Add(job.Id)) throw Inconsistent($"print job '{job.Id}' appears twice");
            if (job.PrintWeightInGrams <= 0) throw Inconsistent($"print job '{job.Id}' weighs {job.PrintWeightInGrams} g");
            state._lastIndex = Math.Max(state._lastIndex, job.Version);
            // Past jobs keep the ids of a printer or filament deleted since; queued and running ones cannot.
            if (!JobStatuses.Reserves(job.Status)) continue;
            if (!printerIds.Contains(job.PrinterId)) throw Inconsistent($"print job '{job.Id}' names missing printer '{job.PrinterId}'");
            if (!filamentPositions.TryGetValue(job.FilamentId, out var position)) throw Inconsistent($"print job '{job.Id}' names missing filament '{job.FilamentId}'");
            var available = filaments[position].RemainingWeightInGrams - reserved[position];
            if (job.PrintWeightInGrams > available)
                throw Inconsistent($"filament '{job.FilamentId}' has {available} g available but print job '{job.Id}' holds {job.PrintWeightInGrams} g");
            reserved[position] += job.PrintWeightInGrams;
        }
        for (var i = 0; i < reserved.Length; i++)
        {
            if (reserved[i] != 0) filaments[i] = filaments[i] with { ReservedWeightInGrams = reserved[i] };
        }
        state._printers.Load(printers);
        state._filaments.Load(filaments);
        state._jobs.Load(jobs);
        state._jobIndex.Load(jobs);
        return state;
    }

    /// <summary>
    /// Gives every object the version index, as if each had changed at that log entry. Snapshots
    /// of the previous format keep no versions (objects restored from one are at version 0) while
    /// a node that replayed the objects' changes holds their indexes; the state machine calls this
    /// once, at the entry that ends an upgrade from that release, so that every node holds the
    /// same versions from there on, as If-Match checked at apply needs. O(objects).
    /// </summary>
    public void Restamp(long index)
    {
        _lastIndex = index;
        _view = null;
        _printers.ReplaceAll(p => p with { Version = index });
        _filaments.ReplaceAll(f => f with { Version = index });
        _jobs.ReplaceAll(j => j with { Version = index });
    }

    /// <summary>Built only when a check fails: restoring a large farm formats no messages.</summary>
    private static InvalidDataException Inconsistent(string problem) => new($"the print farm snapshot is inconsistent: {problem}");
}
