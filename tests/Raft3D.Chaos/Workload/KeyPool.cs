using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Workload;

/// <summary>
/// Chooses every client's next operation. A few keys are active at a time (printers and
/// filaments); all clients work on them concurrently, so operations on a key overlap. A key
/// is retired after a bounded number of operations and replaced by a fresh one, which keeps
/// each key's history small enough for the linearizability search. A job create that ended
/// Info or Fail is retried with the same Idempotency-Key. Thread-safe.
/// </summary>
public sealed class KeyPool
{
    private readonly object _gate = new();
    private readonly string _tag;
    private readonly List<PrinterKey> _printers = [];
    private readonly List<FilamentKey> _filaments = [];
    private readonly Dictionary<string, FilamentKey> _filamentsByKey = [];
    private readonly Dictionary<string, PrinterKey> _printersByKey = [];
    private readonly Random _plans;
    private readonly MonotonicClock _clock;
    private int _nextPrinter;
    private int _nextFilament;
    private int _nextCompany;
    private long _lastGlobalListNs = long.MinValue / 2;

    public KeyPool(string tag, int seed, string stockPrinter, MonotonicClock clock, int activePrinters = 2, int activeFilaments = 2)
    {
        _tag = tag;
        _plans = new Random(seed);
        _clock = clock;
        StockPrinter = stockPrinter;
        for (var i = 0; i < activePrinters; i++) _printers.Add(NewPrinter());
        for (var i = 0; i < activeFilaments; i++) _filaments.Add(NewFilament());
    }

    /// <summary>The printer every job names (created before the clients start).</summary>
    public string StockPrinter { get; }

    /// <summary>Least time between two whole-list reads of printers or filaments (they grow with the run).</summary>
    public TimeSpan GlobalListInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Every printer key used so far.</summary>
    public IReadOnlyList<string> AllPrinters
    {
        get
        {
            lock (_gate) return [.. _printersByKey.Values.Select(p => p.Id)];
        }
    }

    /// <summary>Every filament key used so far, with the jobs planned on it.</summary>
    public IReadOnlyList<FilamentKey> AllFilaments
    {
        get
        {
            lock (_gate) return [.. _filamentsByKey.Values];
        }
    }

    private PrinterKey NewPrinter()
    {
        var key = new PrinterKey($"p-{_tag}-{++_nextPrinter}");
        _printersByKey[key.Key] = key;
        return key;
    }

    private FilamentKey NewFilament()
    {
        var id = $"f-{_tag}-{++_nextFilament}";
        var total = _plans.Next(800, 1201);
        var jobs = Enumerable.Range(1, 5).Select(j => new JobPlan($"{id}-j{j}", _plans.Next(150, 451))).ToList();
        var key = new FilamentKey(id, total, jobs);
        _filamentsByKey[key.Key] = key;
        return key;
    }

    /// <summary>The next operation for a client, not yet invoked.</summary>
    public Operation Next(Random rng, int client, bool allowLocal = true)
    {
        lock (_gate)
        {
            var local = allowLocal && rng.NextDouble() < 0.12;
            var roll = rng.NextDouble();
            if (roll < 0.03 && _clock.NowNs - _lastGlobalListNs > (long)GlobalListInterval.TotalNanoseconds)
            {
                _lastGlobalListNs = _clock.NowNs;
                return new Operation { Process = client, Kind = rng.Next(2) == 0 ? OpKind.ListPrinters : OpKind.ListFilaments, Local = rng.Next(2) == 0 };
            }
            return roll < 0.33 ? NextPrinterOp(rng, client, local) : NextFilamentOp(rng, client, local);
        }
    }

    private Operation NextPrinterOp(Random rng, int client, bool local)
    {
        var slot = rng.Next(_printers.Count);
        var key = _printers[slot];
        var op = new Operation { Process = client, Key = key.Key, PrinterId = key.Id };
        if (key.Creates < PrinterKey.MaxCreates && (key.Issued == 0 || rng.NextDouble() < 0.3))
        {
            key.Creates++;
            op.Kind = OpKind.CreatePrinter;
            op.Company = $"Prusa-{client}-{++_nextCompany}";
        }
        else
        {
            op.Kind = OpKind.ReadPrinter;
            op.Local = local;
        }
        if (++key.Issued >= PrinterKey.Budget) _printers[slot] = NewPrinter();
        return op;
    }

    private Operation NextFilamentOp(Random rng, int client, bool local)
    {
        var slot = rng.Next(_filaments.Count);
        var key = _filaments[slot];
        var op = new Operation { Process = client, Key = key.Key, FilamentId = key.Id };
        if (++key.Issued >= FilamentKey.Budget) _filaments[slot] = NewFilament();
        if (!key.Created)
        {
            if (!key.CreateInFlight)
            {
                key.CreateInFlight = true;
                op.Kind = OpKind.CreateFilament;
                op.Weight = key.Total;
            }
            else
            {
                op.Kind = OpKind.ReadFilament;
            }
            return op;
        }

        var roll = rng.NextDouble();
        var requested = key.Jobs.Where(j => j.Attempts > 0).ToList();
        if (roll < 0.3 || requested.Count == 0)
        {
            var job = key.Jobs.FirstOrDefault(j => j.Attempts > 0 && !j.Settled && !j.InFlight)
                      ?? key.Jobs.FirstOrDefault(j => j.Attempts == 0);
            if (job is not null)
            {
                job.Attempts++;
                job.InFlight = true;
                op.Kind = OpKind.CreateJob;
                op.JobId = job.Id;
                op.PrinterId = StockPrinter;
                op.Weight = job.Weight;
                op.IdempotencyKey = job.IdempotencyKey;
                return op;
            }
        }
        if (requested.Count > 0 && roll < 0.65)
        {
            var job = requested[rng.Next(requested.Count)];
            op.Kind = OpKind.SetJobStatus;
            op.JobId = job.Id;
            op.Target = NextStatus(rng, job.Believed);
            return op;
        }
        op.Local = local;
        var read = rng.NextDouble();
        if (read < 0.4 || requested.Count == 0) op.Kind = OpKind.ReadFilament;
        else if (read < 0.7) op.Kind = OpKind.ListJobs;
        else
        {
            op.Kind = OpKind.ReadJob;
            op.JobId = requested[rng.Next(requested.Count)].Id;
        }
        return op;
    }

    /// <summary>Mostly the natural next step; sometimes anything, to see refusals too.</summary>
    private static string NextStatus(Random rng, string? believed)
    {
        string[] any = ["running", "done", "canceled", "queued"];
        if (rng.NextDouble() < 0.25) return any[rng.Next(any.Length)];
        return believed?.ToLowerInvariant() switch
        {
            "queued" => rng.NextDouble() < 0.8 ? "running" : "canceled",
            "running" => rng.NextDouble() < 0.8 ? "done" : "canceled",
            null => "running",
            _ => any[rng.Next(any.Length)],
        };
    }

    /// <summary>Learns from a completed operation: what exists, which creates to retry, believed statuses.</summary>
    public void Completed(Operation op)
    {
        lock (_gate)
        {
            if (op.Key is null || !_filamentsByKey.TryGetValue(op.Key, out var key)) return;
            var job = op.JobId is null ? null : key.Jobs.FirstOrDefault(j => j.Id == op.JobId);
            if (!op.IsRead && op.Type == OpType.Info && ++key.UnknownWrites >= FilamentKey.MaxUnknownWrites)
            {
                // Keep the key's history cheap to check: no new operations on it.
                var slot = _filaments.IndexOf(key);
                if (slot >= 0) _filaments[slot] = NewFilament();
            }
            switch (op.Kind)
            {
                case OpKind.CreateFilament:
                    key.CreateInFlight = false;
                    if (op.IsOk) key.Created = true;
                    break;
                case OpKind.CreateJob when job is not null:
                    job.InFlight = false;
                    if (op.IsOk) job.Settled = true;
                    if (op.IsOk && op.Http == 201) job.Believed ??= "Queued";
                    break;
                case OpKind.SetJobStatus or OpKind.ReadJob when job is not null:
                    if (op.Job is { } seen) job.Believed = seen.Status;
                    else if (op.CurrentStatus is { } current) job.Believed = current;
                    break;
                case OpKind.ReadFilament when op.IsOk && op.Http == 200:
                    key.Created = true;
                    break;
            }
        }
    }
}
