using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;
using Raft3D.Server.Api.Models;

namespace Raft3D.Server.Events;

/// <summary>
/// Which event an applied command produced, if any: a refused command changed nothing and
/// produces none. One line per command type; the object is the one the result carries (the
/// stored object after the change), shown through the same view the API's GET uses.
/// </summary>
public static class FarmEventMapper
{
    public static FarmEvent? Map(long index, FarmCommand command, FarmResult result)
    {
        if (!result.IsSuccess) return null;
        var value = result switch
        {
            FarmResult.Created c => c.Value,
            FarmResult.Updated u => u.Value,
            FarmResult.Deleted d => d.Value,
            _ => null,
        };
        return (command, value) switch
        {
            (CreatePrinter, Printer p) => new FarmEvent(index, "printer.created", PrinterView.From(p), p.Id, null),
            (CreateFilament, Filament f) => new FarmEvent(index, "filament.created", FilamentView.From(f), null, f.Id),
            (CreatePrintJob, PrintJob j) => new FarmEvent(index, "print_job.created", PrintJobView.From(j), j.PrinterId, j.FilamentId),
            (ChangeJobStatus, PrintJob j) => new FarmEvent(index, "print_job.status_changed", PrintJobView.From(j), j.PrinterId, j.FilamentId),
            (UpdatePrinter, Printer p) => new FarmEvent(index, "printer.updated", PrinterView.From(p), p.Id, null),
            (DeletePrinter, Printer p) => new FarmEvent(index, "printer.deleted", PrinterView.From(p), p.Id, null),
            (UpdateFilament, Filament f) => new FarmEvent(index, "filament.updated", FilamentView.From(f), null, f.Id),
            (DeleteFilament, Filament f) => new FarmEvent(index, "filament.deleted", FilamentView.From(f), null, f.Id),
            _ => null,
        };
    }
}
