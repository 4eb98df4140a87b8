using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Checker;

/// <summary>
/// What one read saw at its applied index: the objects it named, and, for a list, the scope it
/// covers completely ("printer", "filament", "job", or "job@FILAMENT" for the jobs of one
/// filament): an object of that scope missing from the list was absent.
/// </summary>
public sealed record StateSnapshot(Operation Read, long Index, string? CompleteScope, IReadOnlyList<Observation> Observations)
{
    public static string ScopeOf(ObjectKey key, string? jobFilament) => key.Kind == "job" && jobFilament is not null ? $"job@{jobFilament}" : key.Kind;

    /// <summary>The snapshot of an Ok read that carries an applied index, or null.</summary>
    public static StateSnapshot? Of(Operation op)
    {
        if (!op.IsOk || !op.IsRead || op.AppliedIndex is not { } index || op.Http is not (200 or 404)) return null;
        var found = op.Http == 200;
        return op.Kind switch
        {
            OpKind.ReadPrinter => new(op, index, null, [new(new("printer", op.PrinterId!), found ? PrinterValue(op.Printer!) : null)]),
            OpKind.ReadFilament => new(op, index, null, [new(new("filament", op.FilamentId!), found ? FilamentValue(op.Filament!) : null)]),
            OpKind.ReadJob => new(op, index, null, [new(new("job", op.JobId!), found ? JobValue(op.Job!) : null)]),
            OpKind.ListPrinters when found => new(op, index, "printer", op.Printers!.Select(p => new Observation(new("printer", p.Id), PrinterValue(p))).ToList()),
            OpKind.ListFilaments when found => new(op, index, "filament", op.Filaments!.Select(f => new Observation(new("filament", f.Id), FilamentValue(f))).ToList()),
            OpKind.ListJobs when found => new(op, index, op.FilamentId is null ? "job" : $"job@{op.FilamentId}",
                op.Jobs!.Select(j => new Observation(new("job", j.Id), JobValue(j))).ToList()),
            _ => null,
        };
    }

    public static string PrinterValue(PrinterSeen p) => $"{p.Company}/{p.Model}";

    public static string FilamentValue(FilamentSeen f) => $"{f.Total}/{f.Remaining}/{f.Reserved}";

    public static string JobValue(JobSeen j) => $"{j.FilamentId}/{j.Weight}/{j.Status}";
}
