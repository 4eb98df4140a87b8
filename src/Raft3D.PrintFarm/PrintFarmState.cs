using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;

namespace Raft3D.PrintFarm;

/// <summary>
/// The print farm as a deterministic state machine driven by the Raft log. Every rule of
/// SPEC §2 is checked here, at apply time and in log order, so two concurrent requests can
/// never both pass a check only one may pass. No clock, no randomness, no dependence on
/// hash or dictionary order: objects live in lists in creation order, and dictionaries only
/// map an id to its position. The weight each filament's Queued and Running jobs reserve is
/// kept up to date on every change, so applying a command is O(1).
/// <para>
/// Not thread-safe: the caller (the Raft apply loop) serialises every call, reads included.
/// Everything a read returns is an immutable record or a fresh list, safe to hand to another
/// thread after the call returns.
/// </para>
/// </summary>
public sealed class PrintFarmState
{
    private readonly List<Printer> _printers = [];
    private readonly Dictionary<string, int> _printerPosition = new(StringComparer.Ordinal);
    private readonly List<Filament> _filaments = [];
    private readonly Dictionary<string, int> _filamentPosition = new(StringComparer.Ordinal);
    private readonly List<PrintJob> _jobs = [];
    private readonly Dictionary<string, int> _jobPosition = new(StringComparer.Ordinal);

    public int PrinterCount => _printers.Count;

    public int FilamentCount => _filaments.Count;

    public int JobCount => _jobs.Count;

    /// <summary>
    /// Applies one command from the committed log and says what happened. Refusals are
    /// results, not exceptions: a refused command changes nothing. Never throws for a command
    /// <see cref="FarmCommandCodec.Decode"/> produced.
    /// </summary>
    public FarmResult Apply(FarmCommand command) => command switch
    {
        CreatePrinter c => Apply(c),
        CreateFilament c => Apply(c),
        CreatePrintJob c => Apply(c),
        ChangeJobStatus c => Apply(c),
        null => throw new ArgumentNullException(nameof(command)),
        _ => throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command)),
    };

    // ---------------------------------------------------------------- commands

    private FarmResult Apply(CreatePrinter command)
    {
        var errors = new List<FieldError>();
        CheckId(command.Id, errors);
        CheckText(command.Company, "company", "the maker, e.g. Prusa", errors);
        CheckText(command.Model, "model", "the model, e.g. MK4", errors);
        if (errors.Count > 0) return new FarmResult.Invalid(errors);
        if (_printerPosition.ContainsKey(command.Id)) return Taken("printer", command.Id);

        var printer = new Printer(command.Id, command.Company.Trim(), command.Model.Trim());
        Add(_printers, _printerPosition, printer.Id, printer);
        return new FarmResult.Created(printer);
    }

    private FarmResult Apply(CreateFilament command)
    {
        var errors = new List<FieldError>();
        CheckId(command.Id, errors);
        if (!FilamentTypes.TryParse(command.Type, out var type))
            errors.Add(new FieldError("type", $"must be {FilamentTypes.Allowed} (any case), not '{command.Type}'"));
        CheckText(command.Color, "color", "the colour, e.g. red", errors);
        if (command.TotalWeightInGrams <= 0)
            errors.Add(new FieldError("total_weight_in_grams", $"must be a whole number of grams above 0, not {command.TotalWeightInGrams}"));
        var remaining = command.RemainingWeightInGrams ?? command.TotalWeightInGrams;
        if (command.TotalWeightInGrams > 0 && (remaining < 0 || remaining > command.TotalWeightInGrams))
            errors.Add(new FieldError("remaining_weight_in_grams", $"must be between 0 and the total weight {command.TotalWeightInGrams}, not {remaining}; leave it out for a full spool"));
        if (errors.Count > 0) return new FarmResult.Invalid(errors);
        if (_filamentPosition.ContainsKey(command.Id)) return Taken("filament", command.Id);

        var filament = new Filament(command.Id, type, command.Color.Trim(), command.TotalWeightInGrams, remaining, 0);
        Add(_filaments, _filamentPosition, filament.Id, filament);
        return new FarmResult.Created(filament);
    }

    private FarmResult Apply(CreatePrintJob command)
    {
        var errors = new List<FieldError>();
        CheckId(command.Id, errors);
        CheckText(command.PrinterId, "printer_id", "the id of an existing printer", errors);
        CheckText(command.FilamentId, "filament_id", "the id of an existing filament", errors);
        CheckText(command.Filepath, "filepath", "the path of the file to print, e.g. models/benchy.gcode", errors);
        if (command.PrintWeightInGrams <= 0)
            errors.Add(new FieldError("print_weight_in_grams", $"must be a whole number of grams above 0, not {command.PrintWeightInGrams}"));
        if (command.Status is not null && (!JobStatuses.TryParse(command.Status, out var requested) || requested != JobStatus.Queued))
            errors.Add(new FieldError("status", $"must be queued or left out: a new print job is always queued (change it afterwards), not '{command.Status}'"));
        if (errors.Count > 0) return new FarmResult.Invalid(errors);
        if (_jobPosition.ContainsKey(command.Id)) return Taken("print job", command.Id);
        if (!_printerPosition.ContainsKey(command.PrinterId))
            return new FarmResult.Unprocessable($"printer '{command.PrinterId}' does not exist; create it first or name an existing printer", "printer_id");
        if (!_filamentPosition.TryGetValue(command.FilamentId, out var filamentPosition))
            return new FarmResult.Unprocessable($"filament '{command.FilamentId}' does not exist; create it first or name an existing filament", "filament_id");

        var filament = _filaments[filamentPosition];
        if (command.PrintWeightInGrams > filament.AvailableWeightInGrams)
        {
            return new FarmResult.Conflict(
                $"filament '{filament.Id}' has {filament.AvailableWeightInGrams} g available " +
                $"({filament.RemainingWeightInGrams} g remaining, {filament.ReservedWeightInGrams} g reserved by queued and running jobs); " +
                $"the job needs {command.PrintWeightInGrams} g");
        }

        var job = new PrintJob(command.Id, command.PrinterId, command.FilamentId, command.Filepath.Trim(), command.PrintWeightInGrams, JobStatus.Queued);
        Add(_jobs, _jobPosition, job.Id, job);
        _filaments[filamentPosition] = filament with { ReservedWeightInGrams = filament.ReservedWeightInGrams + job.PrintWeightInGrams };
        return new FarmResult.Created(job);
    }

    private FarmResult Apply(ChangeJobStatus command)
    {
        if (command.JobId is null || !_jobPosition.TryGetValue(command.JobId, out var jobPosition))
            return new FarmResult.NotFound($"print job '{command.JobId}' does not exist");
        if (!JobStatuses.TryParse(command.Status, out var target))
            return new FarmResult.Invalid([new FieldError("status", $"must be {JobStatuses.Allowed}, not '{command.Status}'")]);

        var job = _jobs[jobPosition];
        if (!JobStatuses.CanMove(job.Status, target))
        {
            return new FarmResult.Conflict(
                $"print job '{job.Id}' is {job.Status}; it cannot become {target} " +
                "(allowed: Queued -> Running, Running -> Done, Queued or Running -> Canceled)");
        }

        var filamentPosition = _filamentPosition[job.FilamentId];
        var filament = _filaments[filamentPosition];
        var reserved = filament.ReservedWeightInGrams;
        var remaining = filament.RemainingWeightInGrams;
        if (JobStatuses.Reserves(job.Status) && !JobStatuses.Reserves(target)) reserved -= job.PrintWeightInGrams;
        // Done uses the filament up: the job's weight leaves the spool.
        if (target == JobStatus.Done) remaining -= job.PrintWeightInGrams;
        _filaments[filamentPosition] = filament with { ReservedWeightInGrams = reserved, RemainingWeightInGrams = remaining };
        var updated = job with { Status = target };
        _jobs[jobPosition] = updated;
        return new FarmResult.Updated(updated);
    }

    private static FarmResult.Conflict Taken(string kind, string id) =>
        new($"a {kind} with id '{id}' already exists; choose another id, or leave the id out to get a new one");

    private static void CheckId(string? id, List<FieldError> errors)
    {
        if (!Ids.IsValid(id)) errors.Add(new FieldError("id", $"{Ids.Rule}, not '{id}'"));
    }

    private static void CheckText(string? value, string field, string what, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(new FieldError(field, $"is required: {what}"));
    }

    private static void Add<T>(List<T> list, Dictionary<string, int> positions, string id, T item)
    {
        positions.Add(id, list.Count);
        list.Add(item);
    }

    // ---------------------------------------------------------------- reads

    public Printer? GetPrinter(string id) => _printerPosition.TryGetValue(id, out var i) ? _printers[i] : null;

    /// <summary>The filament with its reserved and available weight.</summary>
    public Filament? GetFilament(string id) => _filamentPosition.TryGetValue(id, out var i) ? _filaments[i] : null;

    public PrintJob? GetJob(string id) => _jobPosition.TryGetValue(id, out var i) ? _jobs[i] : null;

    /// <summary>All printers in creation order.</summary>
    public IReadOnlyList<Printer> ListPrinters() => _printers.ToArray();

    /// <summary>All filaments in creation order, with their reserved and available weight.</summary>
    public IReadOnlyList<Filament> ListFilaments() => _filaments.ToArray();

    /// <summary>Print jobs in creation order, filtered by whichever of the arguments are given.</summary>
    public IReadOnlyList<PrintJob> ListJobs(JobStatus? status = null, string? printerId = null, string? filamentId = null)
    {
        if (status is null && printerId is null && filamentId is null) return _jobs.ToArray();
        var matches = new List<PrintJob>();
        foreach (var job in _jobs)
        {
            if ((status is null || job.Status == status) &&
                (printerId is null || job.PrinterId == printerId) &&
                (filamentId is null || job.FilamentId == filamentId))
            {
                matches.Add(job);
            }
        }
        return matches;
    }

    // ---------------------------------------------------------------- snapshots

    /// <summary>The whole farm in the versioned binary snapshot format; the same command sequence gives the same bytes.</summary>
    public byte[] ToSnapshot() => FarmSnapshotCodec.Write(_printers, _filaments, _jobs, _printerPosition, _filamentPosition);

    /// <summary>
    /// Captures the farm now and returns a function that gives <see cref="ToSnapshot"/>'s bytes
    /// as of now, on any thread, however the farm changes meanwhile. Objects are immutable
    /// records, so copying the three lists (references only) is the whole capture.
    /// </summary>
    public Func<byte[]> CaptureSnapshot()
    {
        Printer[] printers = [.. _printers];
        Filament[] filaments = [.. _filaments];
        PrintJob[] jobs = [.. _jobs];
        return () => FarmSnapshotCodec.Write(printers, filaments, jobs, Positions(printers, p => p.Id), Positions(filaments, f => f.Id));
    }

    private static Dictionary<string, int> Positions<T>(T[] items, Func<T, string> id)
    {
        var positions = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
        for (var i = 0; i < items.Length; i++) positions.Add(id(items[i]), i);
        return positions;
    }

    /// <summary>
    /// Rebuilds a farm from <see cref="ToSnapshot"/>'s bytes, recomputing reserved weights from
    /// the jobs. Throws <see cref="InvalidDataException"/> for input that is not a snapshot,
    /// has an unknown version, is truncated or corrupt, or does not describe a farm the rules
    /// allow (duplicate or malformed ids, missing references, impossible weights).
    /// </summary>
    public static PrintFarmState FromSnapshot(ReadOnlySpan<byte> snapshot)
    {
        var (printers, filaments, jobs) = FarmSnapshotCodec.Read(snapshot);
        var state = new PrintFarmState();
        state._printers.Capacity = printers.Count;
        state._filaments.Capacity = filaments.Count;
        state._jobs.Capacity = jobs.Count;
        state._printerPosition.EnsureCapacity(printers.Count);
        state._filamentPosition.EnsureCapacity(filaments.Count);
        state._jobPosition.EnsureCapacity(jobs.Count);

        foreach (var printer in printers)
        {
            if (!Ids.IsValid(printer.Id)) throw Inconsistent($"printer id '{printer.Id}' is malformed");
            if (!state._printerPosition.TryAdd(printer.Id, state._printers.Count)) throw Inconsistent($"printer '{printer.Id}' appears twice");
            state._printers.Add(printer);
        }
        foreach (var filament in filaments)
        {
            if (!Ids.IsValid(filament.Id)) throw Inconsistent($"filament id '{filament.Id}' is malformed");
            if (!state._filamentPosition.TryAdd(filament.Id, state._filaments.Count)) throw Inconsistent($"filament '{filament.Id}' appears twice");
            if (filament.TotalWeightInGrams <= 0 || filament.RemainingWeightInGrams < 0 || filament.RemainingWeightInGrams > filament.TotalWeightInGrams)
                throw Inconsistent($"filament '{filament.Id}' has {filament.RemainingWeightInGrams} g remaining of {filament.TotalWeightInGrams} g");
            state._filaments.Add(filament);
        }

        var reserved = new int[filaments.Count];
        foreach (var job in jobs)
        {
            if (!Ids.IsValid(job.Id)) throw Inconsistent($"print job id '{job.Id}' is malformed");
            if (!state._jobPosition.TryAdd(job.Id, state._jobs.Count)) throw Inconsistent($"print job '{job.Id}' appears twice");
            if (!state._printerPosition.ContainsKey(job.PrinterId)) throw Inconsistent($"print job '{job.Id}' names missing printer '{job.PrinterId}'");
            if (!state._filamentPosition.TryGetValue(job.FilamentId, out var position)) throw Inconsistent($"print job '{job.Id}' names missing filament '{job.FilamentId}'");
            if (job.PrintWeightInGrams <= 0) throw Inconsistent($"print job '{job.Id}' weighs {job.PrintWeightInGrams} g");
            state._jobs.Add(job);
            if (!JobStatuses.Reserves(job.Status)) continue;
            var available = state._filaments[position].RemainingWeightInGrams - reserved[position];
            if (job.PrintWeightInGrams > available)
                throw Inconsistent($"filament '{job.FilamentId}' has {available} g available but print job '{job.Id}' holds {job.PrintWeightInGrams} g");
            reserved[position] += job.PrintWeightInGrams;
        }
        for (var i = 0; i < reserved.Length; i++)
        {
            if (reserved[i] != 0) state._filaments[i] = state._filaments[i] with { ReservedWeightInGrams = reserved[i] };
        }
        return state;
    }

    /// <summary>Built only when a check fails: restoring a large farm formats no messages.</summary>
    private static InvalidDataException Inconsistent(string problem) => new($"the print farm snapshot is inconsistent: {problem}");
}
