using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.PrintFarm.Lists;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;

namespace Raft3D.PrintFarm;

/// <summary>
/// The print farm as a deterministic state machine driven by the Raft log. Every rule of
/// SPEC §2 and §3 is checked here, at apply time and in log order, so two concurrent requests
/// can never both pass a check only one may pass (If-Match included: the expected version
/// travels in the command). No clock, no randomness, no dependence on hash or dictionary
/// order: objects live in tables in creation order. The weight each filament's Queued and
/// Running jobs reserve, and the job indexes, are kept up to date on every change, so applying
/// a command is O(log n) at most.
/// <para>
/// Every change stamps the changed objects with the log index of its command: their version.
/// </para>
/// <para>
/// Not thread-safe: the caller (the Raft apply loop) serialises every call. Other threads read
/// <see cref="View"/>, an immutable farm at one index, taken in O(1) after any command.
/// </para>
/// </summary>
public sealed partial class PrintFarmState
{
    private readonly ObjectTable<Printer> _printers = new(p => p.Id);
    private readonly ObjectTable<Filament> _filaments = new(f => f.Id);
    private readonly ObjectTable<PrintJob> _jobs = new(j => j.Id, appendOnly: true);
    private readonly JobIndex _jobIndex = new();
    private readonly RecentStrings _filepaths = new();
    private long _lastIndex;

    public int PrinterCount => _printers.Count;

    public int FilamentCount => _filaments.Count;

    public int JobCount => _jobs.Count;

    /// <summary>
    /// Applies a command as if it were the next log entry after the last one applied: for tests
    /// and tools that replay commands without a log.
    /// </summary>
    public FarmResult Apply(FarmCommand command) => Apply(command, _lastIndex + 1);

    /// <summary>
    /// Applies one command from the committed log at this index, and says what happened. Objects
    /// the command changes take the index as their version. Refusals are results, not
    /// exceptions: a refused command changes nothing. Never throws for a command
    /// <see cref="FarmCommandCodec.Decode"/> produced.
    /// </summary>
    public FarmResult Apply(FarmCommand command, long index)
    {
        ArgumentNullException.ThrowIfNull(command);
        _lastIndex = index;
        _view = null;
        return command switch
        {
            CreatePrinter c => Apply(c, index),
            CreateFilament c => Apply(c, index),
            CreatePrintJob c => Apply(c, index),
            ChangeJobStatus c => Apply(c, index),
            UpdatePrinter c => Apply(c, index),
            UpdateFilament c => Apply(c, index),
            DeletePrinter c => Apply(c),
            DeleteFilament c => Apply(c),
            _ => throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command)),
        };
    }

    // ---------------------------------------------------------------- creation and status

    private FarmResult Apply(CreatePrinter command, long index)
    {
        var errors = new List<FieldError>();
        CheckId(command.Id, errors);
        CheckText(command.Company, "company", "the maker, e.g. Prusa", errors);
        CheckText(command.Model, "model", "the model, e.g. MK4", errors);
        if (errors.Count > 0) return new FarmResult.Invalid(errors);
        if (_printers.Contains(command.Id)) return Taken("printer", command.Id);

        var printer = new Printer(command.Id, command.Company.Trim(), command.Model.Trim()) { Version = index };
        _printers.Add(printer);
        return new FarmResult.Created(printer);
    }

    private FarmResult Apply(CreateFilament command, long index)
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
        if (_filaments.Contains(command.Id)) return Taken("filament", command.Id);

        var filament = new Filament(command.Id, type, command.Color.Trim(), command.TotalWeightInGrams, remaining, 0) { Version = index };
        _filaments.Add(filament);
        return new FarmResult.Created(filament);
    }

    private FarmResult Apply(CreatePrintJob command, long index)
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
        if (_jobs.Contains(command.Id)) return Taken("print job", command.Id);
        if (!_printers.TryFind(command.PrinterId, out var printerPosition))
            return new FarmResult.Unprocessable($"printer '{command.PrinterId}' does not exist; create it first or name an existing printer", "printer_id");
        if (!_filaments.TryFind(command.FilamentId, out var filamentPosition))
            return new FarmResult.Unprocessable($"filament '{command.FilamentId}' does not exist; create it first or name an existing filament", "filament_id");

        var filament = _filaments.At(filamentPosition);
        if (command.PrintWeightInGrams > filament.AvailableWeightInGrams)
        {
            return new FarmResult.Conflict(
                $"filament '{filament.Id}' has {filament.AvailableWeightInGrams} g available " +
                $"({filament.RemainingWeightInGrams} g remaining, {filament.ReservedWeightInGrams} g reserved by queued and running jobs); " +
                $"the job needs {command.PrintWeightInGrams} g");
        }

        // The job holds its printer's and filament's own id strings, not the command's copies:
        // two strings a job fewer (about 90 MiB at a million jobs), and the same text either way.
        var printerId = _printers.At(printerPosition).Id;
        var job = new PrintJob(command.Id, printerId, filament.Id, _filepaths.Share(command.Filepath.Trim()), command.PrintWeightInGrams, JobStatus.Queued) { Version = index };
        _jobIndex.Added(job, _jobs.Add(job));
        // The reserved weight is derived from the jobs: it moves no version of the filament.
        _filaments.Replace(filamentPosition, filament with { ReservedWeightInGrams = filament.ReservedWeightInGrams + job.PrintWeightInGrams });
        return new FarmResult.Created(job);
    }

    private FarmResult Apply(ChangeJobStatus command, long index)
    {
        if (command.JobId is null || !_jobs.TryFind(command.JobId, out var jobPosition))
            return new FarmResult.NotFound($"print job '{command.JobId}' does not exist");
        if (!JobStatuses.TryParse(command.Status, out var target))
            return new FarmResult.Invalid([new FieldError("status", $"must be {JobStatuses.Allowed}, not '{command.Status}'")]);

        var job = _jobs.At(jobPosition);
        if (Moved("print job", job.Id, job.Version, command.ExpectedVersion) is { } moved) return moved;
        if (!JobStatuses.CanMove(job.Status, target))
        {
            return new FarmResult.Conflict(
                $"print job '{job.Id}' is {job.Status}; it cannot become {target} " +
                "(allowed: Queued -> Running, Running -> Done, Queued or Running -> Canceled)");
        }

        // A queued or running job's filament exists: it cannot be deleted while such a job uses it.
        if (!_filaments.TryFind(job.FilamentId, out var filamentPosition))
            throw new InvalidOperationException($"print job '{job.Id}' is {job.Status} but its filament '{job.FilamentId}' is gone");
        var filament = _filaments.At(filamentPosition);
        var reserved = filament.ReservedWeightInGrams;
        var remaining = filament.RemainingWeightInGrams;
        if (JobStatuses.Reserves(job.Status) && !JobStatuses.Reserves(target)) reserved -= job.PrintWeightInGrams;
        var changed = filament with { ReservedWeightInGrams = reserved };
        // Done uses the filament up: the job's weight leaves the spool, a change of the filament.
        if (target == JobStatus.Done) changed = changed with { RemainingWeightInGrams = remaining - job.PrintWeightInGrams, Version = index };
        _filaments.Replace(filamentPosition, changed);
        var updated = job with { Status = target, Version = index };
        _jobs.Replace(jobPosition, updated);
        _jobIndex.StatusChanged(updated, job.Status, jobPosition);
        return new FarmResult.Updated(updated);
    }

    // ---------------------------------------------------------------- shared checks

    private static FarmResult.Conflict Taken(string kind, string id) =>
        new($"a {kind} with id '{id}' already exists; choose another id, or leave the id out to get a new one");

    /// <summary>The If-Match check: null when the change may go ahead.</summary>
    private static FarmResult.PreconditionFailed? Moved(string kind, string id, long version, long? expected) =>
        expected is { } e && e != version
            ? new($"{kind} '{id}' is at version {version}, not {e} (If-Match): it changed since you read it; read it again and retry")
            : null;

    private static void CheckId(string? id, List<FieldError> errors)
    {
        if (!Ids.IsValid(id)) errors.Add(new FieldError("id", $"{Ids.Rule}, not '{id}'"));
    }

    private static void CheckText(string? value, string field, string what, List<FieldError> errors)
    {
        if (Texts.Problem(value, what) is { } problem) errors.Add(new FieldError(field, problem));
    }
}
