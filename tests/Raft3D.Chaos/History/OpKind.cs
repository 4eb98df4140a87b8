namespace Raft3D.Chaos.History;

/// <summary>What an operation does against the API (SPEC §3).</summary>
public enum OpKind
{
    CreatePrinter,
    ReadPrinter,
    ListPrinters,
    CreateFilament,
    ReadFilament,
    ListFilaments,
    CreateJob,
    SetJobStatus,
    ReadJob,
    /// <summary>GET /print_jobs, with ?filament_id= when <see cref="Operation.FilamentId"/> is set.</summary>
    ListJobs,
}
