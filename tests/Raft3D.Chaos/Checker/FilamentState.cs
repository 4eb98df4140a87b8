namespace Raft3D.Chaos.Checker;

/// <summary>
/// One filament and its jobs: whether it exists, its total and remaining grams, each job
/// slot's status (4 bits per slot, <see cref="JobStatusRules"/> codes) and each slot's
/// recorded idempotent result (4 bits per slot, <see cref="FilamentModel"/> codes).
/// </summary>
public readonly record struct FilamentState(bool Exists, int Total, int Remaining, ulong Statuses, ulong Results)
{
    public int Status(int slot) => (int)((Statuses >> (slot * 4)) & 0xF);

    public int Result(int slot) => (int)((Results >> (slot * 4)) & 0xF);

    public FilamentState WithStatus(int slot, int status) =>
        this with { Statuses = (Statuses & ~(0xFUL << (slot * 4))) | ((ulong)status << (slot * 4)) };

    public FilamentState WithResult(int slot, int result) =>
        this with { Results = (Results & ~(0xFUL << (slot * 4))) | ((ulong)result << (slot * 4)) };
}
