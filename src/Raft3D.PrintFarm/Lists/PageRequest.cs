namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// At most Limit objects (at least 1) created after the object with id After (from the start
/// when null). Reading a page never scans the objects before After.
/// </summary>
public sealed record PageRequest(int Limit, string? After = null)
{
    public int Limit { get; } = Limit >= 1 ? Limit : throw new ArgumentOutOfRangeException(nameof(Limit), Limit, "a page holds at least one object");

    /// <summary>Everything from the start: for callers that want whole lists (tests, tools).</summary>
    public static PageRequest All { get; } = new(int.MaxValue);
}
