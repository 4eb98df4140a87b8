using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Checker;

/// <summary>
/// Whole-state checks over a history, beside the per-key linearizability search: they look
/// across keys and at local (possibly stale) reads too, using the applied index every answer
/// carries (X-Raft-Applied-Index): every node applies the same log, so two reads at the same
/// index saw the same state, and a read at a higher index saw a later one.
/// </summary>
public static class InvariantChecker
{
    public const string AcknowledgedName = "acknowledged objects are never missing from later reads; no phantoms";
    public const string IndexName = "same applied index, same state; states only move forward (all reads, every node)";
    public const string JobForwardName = "a job's status only moves forward (linearizable reads in real time)";
    public const string AccountingName = "filament accounting: remaining = total - Done jobs, reserved = Queued+Running jobs <= remaining";
    public const string WriteIndexName = "each acknowledged write has its own log index";
    public const string UnexpectedName = "no unexpected answers (5xx other than 503, 400, malformed bodies)";

    public static IEnumerable<CheckResult> CheckAll(IReadOnlyList<Operation> history) =>
    [
        Acknowledged(history),
        StateByIndex(history),
        JobStatusForward(history),
        Accounting(history),
        DistinctWriteIndexes(history),
        Unexpected(history),
    ];

    /// <summary>The filament each job was created on, from the CreateJob operations.</summary>
    private static Dictionary<string, string> JobFilaments(IReadOnlyList<Operation> history)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var op in history)
            if (op.Kind == OpKind.CreateJob && op.JobId is not null && op.FilamentId is not null) map.TryAdd(op.JobId, op.FilamentId);
        return map;
    }

    /// <summary>
    /// Once a create was acknowledged (201) or a linearizable read saw the object, every
    /// linearizable read that begins later must see it. Every object any read shows must have
    /// been asked for by a create invoked before that read completed.
    /// </summary>
    public static CheckResult Acknowledged(IReadOnlyList<Operation> history)
    {
        var result = new CheckResult(AcknowledgedName);
        var jobFilament = JobFilaments(history);
        var known = new Dictionary<ObjectKey, long>();      // when it became known to exist
        var invoked = new Dictionary<ObjectKey, long>();    // first create invoked
        foreach (var op in history)
        {
            if (CreatedObject(op) is not { } key) continue;
            if (!invoked.TryGetValue(key, out var first) || op.InvokeNs < first) invoked[key] = op.InvokeNs;
            if (op.IsOk && op.Http == 201) Earliest(known, key, op.CompleteNs!.Value);
        }
        var snapshots = history.Select(StateSnapshot.Of).OfType<StateSnapshot>().ToList();
        foreach (var s in snapshots.Where(s => !s.Read.Local))
            foreach (var o in s.Observations.Where(o => o.Value is not null))
                Earliest(known, o.Object, s.Read.CompleteNs!.Value);

        var byScope = known.GroupBy(k => StateSnapshot.ScopeOf(k.Key, k.Key.Kind == "job" ? jobFilament.GetValueOrDefault(k.Key.Id) : null))
            .ToDictionary(g => g.Key, g => g.OrderBy(k => k.Value).ToList());
        var checkedReads = 0;
        foreach (var s in snapshots)
        {
            var read = s.Read;
            foreach (var o in s.Observations.Where(o => o.Value is not null))
            {
                if (!invoked.TryGetValue(o.Object, out var t) || t > read.CompleteNs)
                    result.Violation($"phantom {o.Object}: shown by {read} but no create of it was invoked before");
            }
            if (read.Local) continue;
            checkedReads++;
            var present = s.Observations.Where(o => o.Value is not null).Select(o => o.Object).ToHashSet();
            IEnumerable<KeyValuePair<ObjectKey, long>> mustSee = [];
            if (s.CompleteScope is "job")
                mustSee = byScope.Where(g => g.Key.StartsWith("job", StringComparison.Ordinal)).SelectMany(g => g.Value);
            else if (s.CompleteScope is { } scope)
                mustSee = byScope.GetValueOrDefault(scope) ?? [];
            else
                mustSee = s.Observations.Where(o => known.ContainsKey(o.Object)).Select(o => new KeyValuePair<ObjectKey, long>(o.Object, known[o.Object]));
            foreach (var (key, at) in mustSee)
            {
                if (at < read.InvokeNs && !present.Contains(key))
                    result.Violation($"lost {key}: known to exist at {at / 1e9:0.000} s, missing from {read}");
            }
        }
        result.Scope = $"{known.Count} objects, {checkedReads} linearizable reads, {snapshots.Count} reads in all";
        return result;
    }

    private static ObjectKey? CreatedObject(Operation op) => op.Kind switch
    {
        OpKind.CreatePrinter => new ObjectKey("printer", op.PrinterId!),
        OpKind.CreateFilament => new ObjectKey("filament", op.FilamentId!),
        OpKind.CreateJob => new ObjectKey("job", op.JobId!),
        _ => null,
    };

    private static void Earliest(Dictionary<ObjectKey, long> map, ObjectKey key, long at)
    {
        if (!map.TryGetValue(key, out var t) || at < t) map[key] = at;
    }

    /// <summary>
    /// Reads in applied-index order, from every node, local or linearizable: at one index every
    /// read agrees; from one index to a higher one an object never disappears, a printer never
    /// changes, a filament's total stays and its remaining weight never grows, and a job keeps
    /// its filament and weight and only moves forward.
    /// </summary>
    public static CheckResult StateByIndex(IReadOnlyList<Operation> history)
    {
        var result = new CheckResult(IndexName);
        var jobFilament = JobFilaments(history);
        var last = new Dictionary<ObjectKey, (long Index, string? Value, Operation Read)>();
        var snapshots = history.Select(StateSnapshot.Of).OfType<StateSnapshot>().OrderBy(s => s.Index).ThenBy(s => s.Read.Id).ToList();
        var observations = 0;
        for (var i = 0; i < snapshots.Count;)
        {
            var index = snapshots[i].Index;
            var group = new List<StateSnapshot>();
            while (i < snapshots.Count && snapshots[i].Index == index) group.Add(snapshots[i++]);
            foreach (var s in group)
            {
                foreach (var o in s.Observations)
                {
                    observations++;
                    if (last.TryGetValue(o.Object, out var before))
                    {
                        var problem = before.Index == index
                            ? before.Value == o.Value ? null : "two reads at the same index disagree"
                            : Forward(o.Object.Kind, before.Value, o.Value);
                        if (problem is not null)
                            result.Violation($"{o.Object}: {problem}: {Show(before.Value)} at index {before.Index} ({before.Read}) then {Show(o.Value)} at index {index} ({s.Read})");
                    }
                    last[o.Object] = (index, o.Value, s.Read);
                }
            }
            // A list covers its scope: what it does not show was absent at its index.
            foreach (var s in group.Where(s => s.CompleteScope is not null))
            {
                var shown = s.Observations.Select(o => o.Object).ToHashSet();
                foreach (var (key, (at, value, read)) in last)
                {
                    if (value is null || shown.Contains(key)) continue;
                    var scope = StateSnapshot.ScopeOf(key, key.Kind == "job" ? jobFilament.GetValueOrDefault(key.Id) : null);
                    if (scope != s.CompleteScope && !(s.CompleteScope == "job" && key.Kind == "job")) continue;
                    result.Violation($"{key}: {Show(value)} at index {at} ({read}) but absent from {s.Read} at index {index}");
                }
            }
        }
        result.Scope = $"{snapshots.Count} reads, {observations} observations";
        return result;
    }

    private static string Show(string? value) => value ?? "absent";

    /// <summary>Null when going from before to after (a higher index) is allowed.</summary>
    private static string? Forward(string kind, string? before, string? after)
    {
        if (before is null) return null;
        if (after is null) return "disappeared";
        if (before == after) return null;
        switch (kind)
        {
            case "printer":
                return "a printer changed";
            case "filament":
            {
                var b = before.Split('/');
                var a = after.Split('/');
                if (b[0] != a[0]) return "the total weight changed";
                return int.Parse(a[1]) > int.Parse(b[1]) ? "the remaining weight grew" : null;
            }
            default:
            {
                var b = before.Split('/');
                var a = after.Split('/');
                if (b[0] != a[0] || b[1] != a[1]) return "the job's filament or weight changed";
                return JobStatusRules.Reachable(JobStatusRules.Parse(b[2]), JobStatusRules.Parse(a[2])) ? null : "the status moved backwards";
            }
        }
    }

    /// <summary>Per job: a linearizable observation that begins after another one ended never shows an earlier status.</summary>
    public static CheckResult JobStatusForward(IReadOnlyList<Operation> history)
    {
        var result = new CheckResult(JobForwardName);
        var seen = new Dictionary<string, List<(long Invoke, long Complete, int Status, Operation Op)>>(StringComparer.Ordinal);
        foreach (var op in history.Where(o => o.IsOk && !o.Local))
        {
            IEnumerable<JobSeen> jobs = op.Kind switch
            {
                OpKind.ReadJob or OpKind.SetJobStatus or OpKind.CreateJob when op.Http is 200 or 201 && op.Job is not null => [op.Job],
                OpKind.ListJobs when op.Jobs is not null => op.Jobs,
                _ => [],
            };
            foreach (var job in jobs)
            {
                if (!seen.TryGetValue(job.Id, out var list)) seen[job.Id] = list = [];
                list.Add((op.InvokeNs, op.CompleteNs!.Value, JobStatusRules.Parse(job.Status), op));
            }
        }
        var pairs = 0;
        foreach (var (id, list) in seen)
        {
            // Replays answer with the job as first created (Queued): they say nothing about now.
            var live = list.Where(x => !x.Op.Replayed).OrderBy(x => x.Invoke).ToList();
            foreach (var later in live)
            {
                foreach (var earlier in live)
                {
                    if (earlier.Complete >= later.Invoke) continue;
                    pairs++;
                    if (!JobStatusRules.Reachable(earlier.Status, later.Status))
                        result.Violation($"job {id} went from {JobStatusRules.Name(earlier.Status)} ({earlier.Op}) back to {JobStatusRules.Name(later.Status)} ({later.Op})");
                }
            }
        }
        result.Scope = $"{seen.Count} jobs, {pairs} ordered pairs";
        return result;
    }

    /// <summary>
    /// Every filament a read shows has 0 &lt;= reserved &lt;= remaining &lt;= total; where a
    /// complete list of its jobs was read at the same index, remaining = total minus the weights
    /// of its Done jobs and reserved = the weights of its Queued and Running jobs.
    /// </summary>
    public static CheckResult Accounting(IReadOnlyList<Operation> history)
    {
        var result = new CheckResult(AccountingName);
        var filaments = new List<(long Index, FilamentSeen Filament, Operation Read)>();
        var jobLists = new Dictionary<(long Index, string? Filament), List<JobSeen>>();
        foreach (var op in history.Where(o => o.IsOk && o.Http == 200 && o.AppliedIndex is not null))
        {
            var index = op.AppliedIndex!.Value;
            if (op.Kind == OpKind.ReadFilament && op.Filament is { } f) filaments.Add((index, f, op));
            if (op.Kind == OpKind.ListFilaments && op.Filaments is { } fs) filaments.AddRange(fs.Select(x => (index, x, op)));
            if (op.Kind == OpKind.ListJobs && op.Jobs is { } jobs) jobLists.TryAdd((index, op.FilamentId), jobs);
        }
        var matched = 0;
        foreach (var (index, f, read) in filaments)
        {
            if (f.Reserved < 0 || f.Reserved > f.Remaining || f.Remaining > f.Total || f.Remaining < 0)
                result.Violation($"filament {f.Id}: total {f.Total}, remaining {f.Remaining}, reserved {f.Reserved} in {read}");
            var jobs = jobLists.GetValueOrDefault((index, f.Id)) ?? jobLists.GetValueOrDefault((index, null))?.Where(j => j.FilamentId == f.Id).ToList();
            if (jobs is null) continue;
            matched++;
            var done = jobs.Where(j => JobStatusRules.Parse(j.Status) == JobStatusRules.Done).Sum(j => j.Weight);
            var reserved = jobs.Where(j => JobStatusRules.Reserves(JobStatusRules.Parse(j.Status))).Sum(j => j.Weight);
            if (f.Remaining != f.Total - done || f.Reserved != reserved)
                result.Violation($"filament {f.Id} at index {index}: total {f.Total}, remaining {f.Remaining}, reserved {f.Reserved}, but its jobs at that index have {done} g Done and {reserved} g Queued/Running ({read})");
        }
        result.Scope = $"{filaments.Count} filament observations, {matched} with their jobs at the same index";
        return result;
    }

    /// <summary>Two acknowledged writes never report the same log index.</summary>
    public static CheckResult DistinctWriteIndexes(IReadOnlyList<Operation> history)
    {
        var result = new CheckResult(WriteIndexName);
        var writes = history.Where(o => o.IsOk && !o.IsRead && o.AppliedIndex is not null).ToList();
        foreach (var group in writes.GroupBy(o => o.AppliedIndex!.Value).Where(g => g.Count() > 1))
            result.Violation($"index {group.Key} answered {group.Count()} writes: {string.Join(" | ", group)}");
        result.Scope = $"{writes.Count} acknowledged writes";
        return result;
    }

    public static CheckResult Unexpected(IReadOnlyList<Operation> history)
    {
        var result = new CheckResult(UnexpectedName);
        foreach (var op in history.Where(o => o.Error == "unexpected")) result.Violation($"{op}: {op.Detail}");
        result.Scope = $"{history.Count} operations";
        return result;
    }
}
