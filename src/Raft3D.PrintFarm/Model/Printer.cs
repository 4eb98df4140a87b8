namespace Raft3D.PrintFarm.Model;

public sealed record Printer(string Id, string Company, string Model)
{
    /// <summary>The log index of its last change: its ETag. 0 when read from a snapshot format that had no versions.</summary>
    public long Version { get; init; }
}
