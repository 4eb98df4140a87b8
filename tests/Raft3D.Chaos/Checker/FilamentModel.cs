using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Checker;

/// <summary>
/// One filament with its print jobs, as SPEC §2 specifies them: CreateFilament, CreateJob
/// (id taken 409, missing filament 422, more grams than available 409, else Queued),
/// SetJobStatus (404, the allowed moves, 409 naming the current status; Done uses the
/// weight up), ReadFilament (remaining and reserved grams), ReadJob and ListJobs of the
/// filament. A CreateJob with an Idempotency-Key records its result: a retry with the key
/// must be answered as a replay of that result and change nothing, and an answer that is not
/// marked as a replay must be the first application. The jobs (up to 16) are the ones the
/// key's operations name; the printer they name is assumed to exist.
/// </summary>
public sealed class FilamentModel : IModel<FilamentState>
{
    public const int MaxJobs = 16;

    /// <summary>Idempotent results of CreateJob.</summary>
    public const int NoResult = 0, Created = 1, Insufficient = 2, Taken = 3, MissingReference = 4;

    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly List<int> _weights = [];

    public FilamentModel(IEnumerable<Operation> operations)
    {
        foreach (var op in operations)
        {
            if (op.JobId is { } id) Slot(id, op.Kind == OpKind.CreateJob ? op.Weight : op.Job?.Weight);
            foreach (var job in op.Jobs ?? []) Slot(job.Id, job.Weight);
        }
    }

    public FilamentState Initial => new(false, 0, 0, 0, 0);

    public bool Step(FilamentState state, Operation op, out FilamentState next)
    {
        next = state;
        var known = op.IsOk;
        switch (op.Kind)
        {
            case OpKind.CreateFilament:
                if (state.Exists) return !known || op.Http == 409 && op.Error == "taken";
                var total = op.Weight ?? throw new ArgumentException($"no total weight: {op}");
                next = state with { Exists = true, Total = total, Remaining = total };
                return !known || op.Http == 201 && (op.Filament is null || op.Filament.Remaining == total && op.Filament.Reserved == 0);

            case OpKind.CreateJob:
                return CreateJob(state, op, known, out next);

            case OpKind.SetJobStatus:
            {
                var slot = _slots[op.JobId!];
                var current = state.Status(slot);
                var target = JobStatusRules.Parse(op.Target);
                if (current == JobStatusRules.Absent) return !known || op.Http == 404;
                if (!JobStatusRules.CanMove(current, target))
                    return !known || op.Http == 409 && op.Error == "transition" && (op.CurrentStatus is null || JobStatusRules.Parse(op.CurrentStatus) == current);
                next = state.WithStatus(slot, target);
                if (target == JobStatusRules.Done) next = next with { Remaining = next.Remaining - _weights[slot] };
                return !known || op.Http == 200 && op.Job is { } job && JobStatusRules.Parse(job.Status) == target && job.Weight == _weights[slot];
            }

            case OpKind.ReadFilament:
                if (!known) return true;
                if (!state.Exists) return op.Http == 404;
                return op.Http == 200 && op.Filament is { } f && f.Total == state.Total && f.Remaining == state.Remaining && f.Reserved == Reserved(state);

            case OpKind.ReadJob:
            {
                if (!known) return true;
                var current = state.Status(_slots[op.JobId!]);
                return current == JobStatusRules.Absent
                    ? op.Http == 404
                    : op.Http == 200 && op.Job is { } job && JobStatusRules.Parse(job.Status) == current;
            }

            case OpKind.ListJobs:
            {
                if (!known) return true;
                if (op.Http != 200 || op.Jobs is null) return false;
                var listed = 0;
                foreach (var job in op.Jobs)
                {
                    if (!_slots.TryGetValue(job.Id, out var slot) || state.Status(slot) != JobStatusRules.Parse(job.Status)) return false;
                    listed++;
                }
                var existing = 0;
                for (var slot = 0; slot < _ids.Count; slot++)
                    if (state.Status(slot) != JobStatusRules.Absent) existing++;
                return listed == existing;
            }

            default:
                throw new ArgumentException($"a filament key holds no {op.Kind}: {op}");
        }
    }

    private bool CreateJob(FilamentState state, Operation op, bool known, out FilamentState next)
    {
        next = state;
        var slot = _slots[op.JobId!];
        var keyed = op.IdempotencyKey is not null;
        if (keyed && state.Result(slot) is var recorded and not NoResult)
        {
            // A retry of a request already applied: the first answer again, nothing applied.
            return !known || op.Replayed && Matches(op, recorded, available: null, checkAvailable: false);
        }

        int result;
        int? available = null;
        if (state.Status(slot) != JobStatusRules.Absent) result = Taken;
        else if (!state.Exists) result = MissingReference;
        else
        {
            available = state.Remaining - Reserved(state);
            if (op.Weight > available) result = Insufficient;
            else
            {
                result = Created;
                next = state.WithStatus(slot, JobStatusRules.Queued);
            }
        }
        if (keyed) next = next.WithResult(slot, result);
        return !known || !op.Replayed && Matches(op, result, available, checkAvailable: true);
    }

    private bool Matches(Operation op, int result, int? available, bool checkAvailable) => result switch
    {
        Created => op.Http == 201 && (op.Job is null || JobStatusRules.Parse(op.Job.Status) == JobStatusRules.Queued && op.Job.Weight == op.Weight),
        Insufficient => op.Http == 409 && op.Error == "insufficient" && (!checkAvailable || op.Available is null || op.Available == available),
        Taken => op.Http == 409 && op.Error == "taken",
        MissingReference => op.Http == 422,
        _ => false,
    };

    public int Reserved(FilamentState state)
    {
        var reserved = 0;
        for (var slot = 0; slot < _ids.Count; slot++)
            if (JobStatusRules.Reserves(state.Status(slot))) reserved += _weights[slot];
        return reserved;
    }

    public string Describe(FilamentState state)
    {
        if (!state.Exists) return "filament absent";
        var jobs = Enumerable.Range(0, _ids.Count).Select(s => $"{_ids[s]}={JobStatusRules.Name(state.Status(s))}({_weights[s]} g)");
        return $"total={state.Total} remaining={state.Remaining} reserved={Reserved(state)} jobs: {string.Join(", ", jobs)}";
    }

    private void Slot(string id, int? weight)
    {
        if (!_slots.TryGetValue(id, out var slot))
        {
            if (_ids.Count == MaxJobs) throw new ArgumentException($"a filament key holds at most {MaxJobs} jobs");
            slot = _ids.Count;
            _slots[id] = slot;
            _ids.Add(id);
            _weights.Add(0);
        }
        if (weight is { } w && _weights[slot] == 0) _weights[slot] = w;
    }
}
