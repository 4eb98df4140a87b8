using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Tests;

/// <summary>Hand-written histories for the checker's tests; times in seconds, null completion = unknown outcome.</summary>
public static class Ops
{
    private static int _next;

    private static Operation Make(OpKind kind, string? key, double invoke, double? complete, OpType type, Action<Operation> fill)
    {
        var op = new Operation
        {
            Id = Interlocked.Increment(ref _next), Kind = kind, Key = key, Node = "node1",
            InvokeNs = (long)(invoke * 1e9), CompleteNs = complete is { } c ? (long)(c * 1e9) : null, Type = type,
        };
        fill(op);
        return op;
    }

    public static List<Operation> Renumber(params Operation[] ops)
    {
        for (var i = 0; i < ops.Length; i++) ops[i].Id = i;
        return [.. ops];
    }

    // ---------------------------------------------------------------- printers

    public static Operation CreatePrinter(string id, string company, double invoke, double? complete, int? http = 201) =>
        Make(OpKind.CreatePrinter, $"printer:{id}", invoke, complete, http is null ? OpType.Info : OpType.Ok, op =>
        {
            op.PrinterId = id;
            op.Company = company;
            op.Http = http;
            if (http == 201) op.Printer = new PrinterSeen(id, company, "MK4");
            if (http == 409) op.Error = "taken";
        });

    public static Operation ReadPrinter(string id, string? company, double invoke, double complete, long? index = null, bool local = false) =>
        Make(OpKind.ReadPrinter, $"printer:{id}", invoke, complete, OpType.Ok, op =>
        {
            op.PrinterId = id;
            op.Http = company is null ? 404 : 200;
            op.Printer = company is null ? null : new PrinterSeen(id, company, "MK4");
            op.AppliedIndex = index;
            op.Local = local;
        });

    /// <summary>Printers given as "id" (company A) or "id:company".</summary>
    public static Operation ListPrinters(double invoke, double complete, long index, params string[] printers) =>
        Make(OpKind.ListPrinters, null, invoke, complete, OpType.Ok, op =>
        {
            op.Http = 200;
            op.AppliedIndex = index;
            op.Printers = printers.Select(p => p.Split(':') is [var id, var company] ? new PrinterSeen(id, company, "MK4") : new PrinterSeen(p, "A", "MK4")).ToList();
        });

    // ---------------------------------------------------------------- filaments and jobs

    public static Operation CreateFilament(string id, int total, double invoke, double? complete, int? http = 201) =>
        Make(OpKind.CreateFilament, $"filament:{id}", invoke, complete, http is null ? OpType.Info : OpType.Ok, op =>
        {
            op.FilamentId = id;
            op.Weight = total;
            op.Http = http;
            if (http == 201) op.Filament = new FilamentSeen(id, total, total, 0);
        });

    public static Operation CreateJob(string filament, string job, int weight, double invoke, double? complete, int? http = 201,
        string? error = null, int? available = null, bool replayed = false, string? key = "k")
    {
        return Make(OpKind.CreateJob, $"filament:{filament}", invoke, complete, http is null ? OpType.Info : OpType.Ok, op =>
        {
            op.FilamentId = filament;
            op.JobId = job;
            op.Weight = weight;
            op.PrinterId = "stock";
            op.IdempotencyKey = key is null ? null : $"{job}-{key}";
            op.Http = http;
            op.Error = error;
            op.Available = available;
            op.Replayed = replayed;
            if (http == 201) op.Job = new JobSeen(job, filament, weight, "Queued");
        });
    }

    public static Operation SetStatus(string filament, string job, int weight, string target, double invoke, double? complete, int? http = 200, string? current = null) =>
        Make(OpKind.SetJobStatus, $"filament:{filament}", invoke, complete, http is null ? OpType.Info : OpType.Ok, op =>
        {
            op.FilamentId = filament;
            op.JobId = job;
            op.Target = target;
            op.Http = http;
            if (http == 200) op.Job = new JobSeen(job, filament, weight, char.ToUpperInvariant(target[0]) + target[1..]);
            if (http == 409)
            {
                op.Error = "transition";
                op.CurrentStatus = current;
            }
        });

    public static Operation ReadJob(string filament, string job, int weight, string? status, double invoke, double complete, long? index = null, bool local = false) =>
        Make(OpKind.ReadJob, $"filament:{filament}", invoke, complete, OpType.Ok, op =>
        {
            op.FilamentId = filament;
            op.JobId = job;
            op.Http = status is null ? 404 : 200;
            op.Job = status is null ? null : new JobSeen(job, filament, weight, status);
            op.AppliedIndex = index;
            op.Local = local;
        });

    public static Operation ReadFilament(string id, int total, int remaining, int reserved, double invoke, double complete, long? index = null) =>
        Make(OpKind.ReadFilament, $"filament:{id}", invoke, complete, OpType.Ok, op =>
        {
            op.FilamentId = id;
            op.Http = 200;
            op.Filament = new FilamentSeen(id, total, remaining, reserved);
            op.AppliedIndex = index;
        });

    public static Operation ListJobs(string filament, double invoke, double complete, long? index, params JobSeen[] jobs) =>
        Make(OpKind.ListJobs, $"filament:{filament}", invoke, complete, OpType.Ok, op =>
        {
            op.FilamentId = filament;
            op.Http = 200;
            op.Jobs = [.. jobs];
            op.AppliedIndex = index;
        });
}
