using Raft3D.PrintFarm.Lists;
using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm;

/// <summary>
/// Reads: the applied state as an immutable <see cref="FarmView"/>, and the same reads as the
/// view's on the farm now (for tests and tools on the apply thread).
/// </summary>
public sealed partial class PrintFarmState
{
    private FarmView? _view;

    /// <summary>
    /// The farm as it is now, frozen: later commands do not change it. O(1); the same object
    /// until the next command.
    /// </summary>
    public FarmView View => _view ??= new FarmView(_lastIndex, _printers.Freeze(), _filaments.Freeze(), _jobs.Freeze(), _jobIndex.Freeze(_jobs.Count));

    public Printer? GetPrinter(string id) => _printers.Get(id);

    /// <summary>The filament with its reserved and available weight.</summary>
    public Filament? GetFilament(string id) => _filaments.Get(id);

    public PrintJob? GetJob(string id) => _jobs.Get(id);

    /// <summary>All printers in creation order.</summary>
    public IReadOnlyList<Printer> ListPrinters() => View.ListPrinters();

    /// <summary>All filaments in creation order, with their reserved and available weight.</summary>
    public IReadOnlyList<Filament> ListFilaments() => View.ListFilaments();

    /// <summary>All print jobs in creation order, filtered by whichever of the arguments are given.</summary>
    public IReadOnlyList<PrintJob> ListJobs(JobStatus? status = null, string? printerId = null, string? filamentId = null) =>
        View.ListJobs(status, printerId, filamentId);

    /// <summary>A page of printers; null when the request's After names no printer.</summary>
    public Page<Printer>? ListPrinters(PageRequest request) => View.ListPrinters(request);

    /// <summary>A page of filaments; null when the request's After names no filament.</summary>
    public Page<Filament>? ListFilaments(PageRequest request) => View.ListFilaments(request);

    /// <summary>A page of the print jobs that match every given filter (see <see cref="FarmView.ListJobs(PageRequest, JobStatus?, string?, string?)"/>).</summary>
    public Page<PrintJob>? ListJobs(PageRequest request, JobStatus? status = null, string? printerId = null, string? filamentId = null) =>
        View.ListJobs(request, status, printerId, filamentId);
}
