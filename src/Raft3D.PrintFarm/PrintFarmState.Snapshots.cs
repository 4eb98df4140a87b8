using Raft3D.PrintFarm.Encoding;
using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm;

/// <summary>The farm as snapshot bytes and back.</summary>
public sealed partial class PrintFarmState
{
    /// <summary>The whole farm in the versioned binary snapshot format; the same command sequence gives the same bytes.</summary>
    public byte[] ToSnapshot() => FarmSnapshotCodec.Write(_printers.ToArray(), _filaments.ToArray(), _jobs.ToArray());

    /// <summary>
    /// Captures the farm now and returns a function that gives <see cref="ToSnapshot"/>'s bytes
    /// as of now, on any thread, however the farm changes meanwhile. Objects are immutable
    /// records, so copying the three tables (references only) is the whole capture.
    /// </summary>
    public Func<byte[]> CaptureSnapshot()
    {
        var printers = _printers.ToArray();
        var filaments = _filaments.ToArray();
        var jobs = _jobs.ToArray();
        return () => FarmSnapshotCodec.Write(printers, filaments, jobs);
    }

    /// <summary>
    /// Rebuilds a farm from <see cref="ToSnapshot"/>'s bytes (or an older format's), recomputing
    /// reserved weights and the job indexes from the jobs. Throws <see cref="InvalidDataException"/>
    /// for input that is not a snapshot, has an unknown version, is truncated or corrupt, or does
    /// not describe a farm the rules allow (duplicate or malformed ids, a Queued or Running job
    /// whose printer or filament is missing, impossible weights).
    /// </summary>
    public static PrintFarmState FromSnapshot(ReadOnlySpan<byte> snapshot)
    {
        var (printers, filaments, jobs) = FarmSnapshotCodec.Read(snapshot);
        var state = new PrintFarmState();
        state._printers.EnsureCapacity(printers.Count);
        state._filaments.EnsureCapacity(filaments.Count);
        state._jobs.EnsureCapacity(jobs.Count);

        foreach (var printer in printers)
        {
            if (!Ids.IsWellFormed(printer.Id)) throw Inconsistent($"printer id '{printer.Id}' is malformed");
            if (state._printers.Contains(printer.Id)) throw Inconsistent($"printer '{printer.Id}' appears twice");
            state._printers.Add(printer);
            state._lastIndex = Math.Max(state._lastIndex, printer.Version);
        }
        foreach (var filament in filaments)
        {
            if (!Ids.IsWellFormed(filament.Id)) throw Inconsistent($"filament id '{filament.Id}' is malformed");
            if (state._filaments.Contains(filament.Id)) throw Inconsistent($"filament '{filament.Id}' appears twice");
            if (filament.TotalWeightInGrams <= 0 || filament.RemainingWeightInGrams < 0 || filament.RemainingWeightInGrams > filament.TotalWeightInGrams)
                throw Inconsistent($"filament '{filament.Id}' has {filament.RemainingWeightInGrams} g remaining of {filament.TotalWeightInGrams} g");
            state._filaments.Add(filament);
            state._lastIndex = Math.Max(state._lastIndex, filament.Version);
        }

        var reserved = new int[filaments.Count];
        foreach (var job in jobs)
        {
            if (!Ids.IsWellFormed(job.Id)) throw Inconsistent($"print job id '{job.Id}' is malformed");
            if (state._jobs.Contains(job.Id)) throw Inconsistent($"print job '{job.Id}' appears twice");
            if (job.PrintWeightInGrams <= 0) throw Inconsistent($"print job '{job.Id}' weighs {job.PrintWeightInGrams} g");
            state._jobIndex.Added(job, state._jobs.Add(job));
            state._lastIndex = Math.Max(state._lastIndex, job.Version);
            // Past jobs keep the ids of a printer or filament deleted since; queued and running ones cannot.
            if (!JobStatuses.Reserves(job.Status)) continue;
            if (!state._printers.Contains(job.PrinterId)) throw Inconsistent($"print job '{job.Id}' names missing printer '{job.PrinterId}'");
            if (!state._filaments.TryFind(job.FilamentId, out var position)) throw Inconsistent($"print job '{job.Id}' names missing filament '{job.FilamentId}'");
            var available = state._filaments.At(position).RemainingWeightInGrams - reserved[position];
            if (job.PrintWeightInGrams > available)
                throw Inconsistent($"filament '{job.FilamentId}' has {available} g available but print job '{job.Id}' holds {job.PrintWeightInGrams} g");
            reserved[position] += job.PrintWeightInGrams;
        }
        for (var i = 0; i < reserved.Length; i++)
        {
            if (reserved[i] != 0) state._filaments.Replace(i, state._filaments.At(i) with { ReservedWeightInGrams = reserved[i] });
        }
        return state;
    }

    /// <summary>Built only when a check fails: restoring a large farm formats no messages.</summary>
    private static InvalidDataException Inconsistent(string problem) => new($"the print farm snapshot is inconsistent: {problem}");
}
