using System.Text.Json.Serialization;

namespace Raft3D.Chaos.History;

/// <summary>
/// One operation of the history: what a client asked (kind, key, inputs), of which node, when
/// it was invoked and completed (monotonic nanoseconds since the run began), and what came
/// back. The checker reads only these fields, so a history saved as JSON lines can be checked
/// again later (<see cref="HistoryFile"/>).
/// </summary>
public sealed class Operation
{
    public int Id { get; set; }

    /// <summary>The client (process in Jepsen's terms); -1 for the setup and the final reads.</summary>
    public int Process { get; set; }

    public string Node { get; set; } = "";

    /// <summary>The node's incarnation (how many times it was started before this one) when the operation was sent.</summary>
    public int Incarnation { get; set; }

    public OpKind Kind { get; set; }

    /// <summary>The independent key the operation belongs to ("printer:ID", "filament:ID"), or null for whole-state reads.</summary>
    public string? Key { get; set; }

    // ------------------------------------------------------------ inputs

    public string? PrinterId { get; set; }

    public string? FilamentId { get; set; }

    public string? JobId { get; set; }

    /// <summary>CreatePrinter: the company sent (unique per attempt, so reads tell which create won).</summary>
    public string? Company { get; set; }

    /// <summary>CreateFilament: total weight; CreateJob: print weight.</summary>
    public int? Weight { get; set; }

    /// <summary>SetJobStatus: the target status (running, done, canceled, queued).</summary>
    public string? Target { get; set; }

    public string? IdempotencyKey { get; set; }

    /// <summary>?consistency=local: the node's own applied state, possibly stale.</summary>
    public bool Local { get; set; }

    // ------------------------------------------------------------ timing and outcome

    public long InvokeNs { get; set; }

    public long? CompleteNs { get; set; }

    public OpType Type { get; set; }

    /// <summary>The HTTP status, when there was an answer.</summary>
    public int? Http { get; set; }

    /// <summary>Why it failed or what kind of refusal it was: taken, insufficient, transition, not-found, missing-reference, no-leader, outcome-unknown, timeout, refused, unexpected, ...</summary>
    public string? Error { get; set; }

    /// <summary>The problem detail or exception message, for people.</summary>
    public string? Detail { get; set; }

    /// <summary>Idempotent-Replayed: true on the answer.</summary>
    public bool Replayed { get; set; }

    /// <summary>X-Raft-Applied-Index: the log index a write was applied at, or the state a read saw.</summary>
    public long? AppliedIndex { get; set; }

    // ------------------------------------------------------------ values returned

    /// <summary>409 on a job: the grams the detail says are available.</summary>
    public int? Available { get; set; }

    /// <summary>409 on a status change: the job's current status named by the detail.</summary>
    public string? CurrentStatus { get; set; }

    public PrinterSeen? Printer { get; set; }

    public FilamentSeen? Filament { get; set; }

    public JobSeen? Job { get; set; }

    public List<PrinterSeen>? Printers { get; set; }

    public List<FilamentSeen>? Filaments { get; set; }

    public List<JobSeen>? Jobs { get; set; }

    // ------------------------------------------------------------ helpers

    [JsonIgnore]
    public bool IsRead => Kind is OpKind.ReadPrinter or OpKind.ListPrinters or OpKind.ReadFilament or OpKind.ListFilaments or OpKind.ReadJob or OpKind.ListJobs;

    [JsonIgnore]
    public bool IsOk => Type == OpType.Ok;

    /// <summary>Completion time for the checker: +infinity while the outcome is unknown.</summary>
    [JsonIgnore]
    public long ReturnNs => Type is OpType.Ok or OpType.Fail && CompleteNs is { } t ? t : long.MaxValue;

    public Operation Clone() => (Operation)MemberwiseClone();

    public override string ToString()
    {
        var what = Kind switch
        {
            OpKind.CreatePrinter => $"create-printer {PrinterId} company={Company}",
            OpKind.ReadPrinter => $"read-printer {PrinterId}",
            OpKind.ListPrinters => "list-printers",
            OpKind.CreateFilament => $"create-filament {FilamentId} total={Weight}",
            OpKind.ReadFilament => $"read-filament {FilamentId}",
            OpKind.ListFilaments => "list-filaments",
            OpKind.CreateJob => $"create-job {JobId} on {FilamentId} weight={Weight} key={IdempotencyKey}",
            OpKind.SetJobStatus => $"set-status {JobId} -> {Target}",
            OpKind.ReadJob => $"read-job {JobId}",
            OpKind.ListJobs => FilamentId is null ? "list-jobs" : $"list-jobs of {FilamentId}",
            _ => Kind.ToString(),
        };
        if (Local) what += " (local)";
        var answer = Type switch
        {
            OpType.Pending => "pending",
            OpType.Info => $"info {Error} {Http}",
            OpType.Fail => $"fail {Error} {Http}",
            _ => $"ok {Http}{(Error is null ? "" : " " + Error)}{(Replayed ? " replayed" : "")}{Value()}",
        };
        var end = CompleteNs is { } c ? $"{c / 1e9:0.000}" : "?";
        return $"#{Id} p{Process} {Node} [{InvokeNs / 1e9:0.000}..{end}] {what} => {answer} @{AppliedIndex}";
    }

    private string Value()
    {
        if (Printer is { } p) return $" company={p.Company}";
        if (Filament is { } f) return $" remaining={f.Remaining} reserved={f.Reserved}";
        if (Job is { } j) return $" status={j.Status}";
        if (Available is { } a) return $" available={a}";
        if (CurrentStatus is { } s) return $" current={s}";
        if (Jobs is { } jobs) return " [" + string.Join(", ", jobs.Select(x => $"{x.Id}:{x.Status}")) + "]";
        if (Printers is { } ps) return $" {ps.Count} printers";
        if (Filaments is { } fs) return $" {fs.Count} filaments";
        return "";
    }
}
