using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;

namespace Raft3D.PrintFarm;

/// <summary>
/// The print farm as a deterministic state machine: every rule of SPEC §2 is checked here, at
/// apply time, in log order, so two concurrent requests can never both pass a check only one
/// may pass. No clock, no randomness, and no dependence on dictionary order: creation order
/// is kept in explicit lists. Not thread-safe: the caller (the Raft actor) serialises access;
/// reads return immutable records that may be handed to another thread.
/// </summary>
public sealed class PrintFarmState
{
    private readonly Dictionary<string, Printer> _printers = new(StringComparer.Ordinal);
    private readonly List<string> _printerOrder = [];
    private readonly Dictionary<string, Filament> _filaments = new(StringComparer.Ordinal);
    private readonly List<string> _filamentOrder = [];
    private readonly Dictionary<string, PrintJob> _jobs = new(StringComparer.Ordinal);
    private readonly List<string> _jobOrder = [];

    public int PrinterCount => _printerOrder.Count;

    public int FilamentCount => _filamentOrder.Count;

    public int JobCount => _jobOrder.Count;

    public FarmResult Apply(FarmCommand command) => command switch
    {
        CreatePrinter c => Apply(c),
        CreateFilament c => Apply(c),
        CreatePrintJob c => Apply(c),
        ChangeJobStatus c => Apply(c),
        _ => throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command)),
    };

    // ---------------------------------------------------------------- commands

    private FarmResult Apply(CreatePrinter command)
    {
        var errors = new List<FieldError>();
        CheckId(command.Id, "id", errors);
        CheckText(command.Company, "company", "the maker, e.g. Prusa", errors);
        CheckText(command.Model, "model", "the model, e.g. MK4", errors);
        if (errors.Count > 0) return new FarmResult.Invalid(errors);
        if (_printers.ContainsKey(command.Id)) return new FarmResult.Conflict($"a printer with id '{command.Id}' already exists");

        var printer = new Printer(command.Id, command.Company.Trim(), command.Model.Trim());
        _printers.Add(printer.Id, printer);
        _printerOrder.Add(printer.Id);
        return new FarmResult.Created(printer);
    }

    private FarmResult Apply(CreateFilament command)
    {
        var errors = new List<FieldError>();
        CheckId(command.Id, "id", errors);
        if (!FilamentTypes.TryParse(command.Type, out var type))
            errors.Add(new FieldError("type", $"must be {FilamentTypes.Allowed}, not '{command.Type}'"));
        CheckText(command.Color, "color", "the colour, e.g. red", errors);
        if (command.TotalWeightInGrams <= 0)
            errors.Add(new FieldError("total_weight_in_grams", $"must be a whole number of grams above 0, not {command.TotalWeightInGrams}"));
        var remaining = command.RemainingWeightInGrams ?? command.TotalWeightInGrams;
        if (command.TotalWeightInGrams > 0 && (remaining < 0 || remaining > command.TotalWeightInGrams))
            errors.Add(new FieldError("remaining_weight_in_grams", $"must be between 0 and the total weight {command.TotalWeightInGrams}, not {remaining}"));
        if (errors.Count > 0) return new FarmResult.Invalid(errors);
        if (_filaments.ContainsKey(command.Id)) return new FarmResult.Conflict($"a filament with id '{command.Id}' already exists");

        var filament = new Filament(command.Id, type, command.Color.Trim(), command.TotalWeightInGrams, remaining, 0);
        _filaments.Add(filament.Id, filament);
        _filamentOrder.Add(filament.Id);
        return new FarmResult.Created(filament);
    }

    private FarmResult Apply(CreatePrintJob command)
    {
        var errors = new List<FieldError>();
        CheckId(command.Id, "id", errors);
        CheckText(command.PrinterId, "printer_id", "the id of an existing printer", errors);
        CheckText(command.FilamentId, "filament_id", "the id of an existing filament", errors);
        CheckText(command.Filepath, "filepath", "the path of the file to print, e.g. models/benchy.gcode", errors);
        if (command.PrintWeightInGrams <= 0)
            errors.Add(new FieldError("print_weight_in_grams", $"must be a whole number of grams above 0, not {command.PrintWeightInGrams}"));
        if (command.Status is not null && (!JobStatuses.TryParse(command.Status, out var requested) || requested != JobStatus.Queued))
            errors.Add(new FieldError("status", $"a new print job is always queued; leave status out or set it to queued, not '{command.Status}'"));
        if (errors.Count > 0) return new FarmResult.Invalid(errors);
        if (_jobs.ContainsKey(command.Id)) return new FarmResult.Conflict($"a print job with id '{command.Id}' already exists");
        if (!_printers.ContainsKey(command.PrinterId))
            return new FarmResult.Unprocessable($"printer '{command.PrinterId}' does not exist; create it first", "printer_id");
        if (!_filaments.TryGetValue(command.FilamentId, out var filament))
            return new FarmResult.Unprocessable($"filament '{command.FilamentId}' does not exist; create it first", "filament_id");
        if (command.PrintWeightInGrams > filament.AvailableWeightInGrams)
        {
            return new FarmResult.Conflict(
                $"filament '{filament.Id}' has {filament.AvailableWeightInGrams} g available " +
                $"({filament.RemainingWeightInGrams} g remaining, {filament.ReservedWeightInGrams} g reserved by queued and running jobs); " +
                $"the job needs {command.PrintWeightInGrams} g");
        }

        var job = new PrintJob(command.Id, command.PrinterId, command.FilamentId, command.Filepath.Trim(), command.PrintWeightInGrams, JobStatus.Queued);
        _jobs.Add(job.Id, job);
        _jobOrder.Add(job.Id);
        _filaments[filament.Id] = filament with { ReservedWeightInGrams = filament.ReservedWeightInGrams + job.PrintWeightInGrams };
        return new FarmResult.Created(job);
    }

    private FarmResult Apply(ChangeJobStatus command)
    {
        if (!_jobs.TryGetValue(command.JobId, out var job)) return new FarmResult.NotFound($"print job '{command.JobId}' does not exist");
        if (!JobStatuses.TryParse(command.Status, out var target))
            return new FarmResult.Invalid([new FieldError("status", $"must be {JobStatuses.Allowed}, not '{command.Status}'")]);
        if (!JobStatuses.CanMove(job.Status, target))
        {
            return new FarmResult.Conflict(
                $"print job '{job.Id}' is {job.Status}; it cannot become {target} " +
                "(allowed: Queued -> Running, Running -> Done, Queued or Running -> Canceled)");
        }

        var filament = _filaments[job.FilamentId];
        var reserved = filament.ReservedWeightInGrams;
        var remaining = filament.RemainingWeightInGrams;
        if (JobStatuses.Reserves(job.Status) && !JobStatuses.Reserves(target)) reserved -= job.PrintWeightInGrams;
        // Done uses the filament up: the job's weight leaves the spool.
        if (target == JobStatus.Done) remaining -= job.PrintWeightInGrams;
        _filaments[filament.Id] = filament with { ReservedWeightInGrams = reserved, RemainingWeightInGrams = remaining };
        var updated = job with { Status = target };
        _jobs[job.Id] = updated;
        return new FarmResult.Updated(updated);
    }

    private static void CheckId(string? id, string field, List<FieldError> errors)
    {
        if (!Ids.IsValid(id)) errors.Add(new FieldError(field, $"{Ids.Rule}, not '{id}'"));
    }

    private static void CheckText(string? value, string field, string what, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(new FieldError(field, $"is required: {what}"));
    }

    // ---------------------------------------------------------------- reads

    public Printer? GetPrinter(string id) => _printers.GetValueOrDefault(id);

    public Filament? GetFilament(string id) => _filaments.GetValueOrDefault(id);

    public PrintJob? GetJob(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>All printers in creation order.</summary>
    public IReadOnlyList<Printer> ListPrinters() => _printerOrder.Select(id => _printers[id]).ToList();

    /// <summary>All filaments in creation order.</summary>
    public IReadOnlyList<Filament> ListFilaments() => _filamentOrder.Select(id => _filaments[id]).ToList();

    /// <summary>Print jobs in creation order, filtered by whichever of the arguments are given.</summary>
    public IReadOnlyList<PrintJob> ListJobs(JobStatus? status = null, string? printerId = null, string? filamentId = null) =>
        _jobOrder.Select(id => _jobs[id])
            .Where(j => (status is null || j.Status == status) &&
                        (printerId is null || j.PrinterId == printerId) &&
                        (filamentId is null || j.FilamentId == filamentId))
            .ToList();

    // ---------------------------------------------------------------- snapshots

    /// <summary>The whole farm in the versioned binary snapshot format; the same state gives the same bytes.</summary>
    public byte[] ToSnapshot() => Encoding.FarmSnapshotCodec.Write(ListPrinters(), ListFilaments(), ListJobs());

    /// <summary>Rebuilds a farm from <see cref="ToSnapshot"/>'s bytes; reserved weights are recomputed from the jobs.</summary>
    public static PrintFarmState FromSnapshot(ReadOnlySpan<byte> snapshot)
    {
        var (printers, filaments, jobs) = Encoding.FarmSnapshotCodec.Read(snapshot);
        var state = new PrintFarmState();
        foreach (var printer in printers)
        {
            state._printers.Add(printer.Id, printer);
            state._printerOrder.Add(printer.Id);
        }
        foreach (var filament in filaments)
        {
            state._filaments.Add(filament.Id, filament with { ReservedWeightInGrams = 0 });
            state._filamentOrder.Add(filament.Id);
        }
        foreach (var job in jobs)
        {
            state._jobs.Add(job.Id, job);
            state._jobOrder.Add(job.Id);
            if (!JobStatuses.Reserves(job.Status)) continue;
            var filament = state._filaments.GetValueOrDefault(job.FilamentId)
                           ?? throw new InvalidDataException($"snapshot job '{job.Id}' names missing filament '{job.FilamentId}'");
            state._filaments[filament.Id] = filament with { ReservedWeightInGrams = filament.ReservedWeightInGrams + job.PrintWeightInGrams };
        }
        return state;
    }
}
