namespace Raft3D.Chaos.Checker;

/// <summary>SPEC §2 status rules, by code: 0 absent, 1 Queued, 2 Running, 3 Done, 4 Canceled.</summary>
public static class JobStatusRules
{
    public const int Absent = 0;
    public const int Queued = 1;
    public const int Running = 2;
    public const int Done = 3;
    public const int Canceled = 4;

    private static readonly string[] Names = ["absent", "Queued", "Running", "Done", "Canceled"];

    public static string Name(int code) => Names[code];

    /// <summary>The code of a status name in any case (cancelled accepted), or -1.</summary>
    public static int Parse(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        "queued" => Queued,
        "running" => Running,
        "done" => Done,
        "canceled" or "cancelled" => Canceled,
        _ => -1,
    };

    /// <summary>One allowed step: Queued -> Running, Running -> Done, Queued or Running -> Canceled.</summary>
    public static bool CanMove(int from, int to) =>
        (from, to) is (Queued, Running) or (Running, Done) or (Queued, Canceled) or (Running, Canceled);

    /// <summary>Whether a job can go from one status to the other by zero or more allowed steps.</summary>
    public static bool Reachable(int from, int to) =>
        from == to || CanMove(from, to) || (from == Queued && to == Done);

    /// <summary>Queued and Running jobs hold their weight of filament.</summary>
    public static bool Reserves(int status) => status is Queued or Running;
}
