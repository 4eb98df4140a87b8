namespace Raft3D.Bench.SideBySide;

/// <summary>Each node's CPU over a stretch with no load, in percent of one core.</summary>
public sealed record IdleUse(string System, IReadOnlyList<double> PercentOfCorePerNode)
{
    public static IdleUse From(string system, IReadOnlyList<TimeSpan> before, IReadOnlyList<TimeSpan> after, TimeSpan elapsed) =>
        new(system, before.Zip(after, (b, a) => (a - b) / elapsed * 100).ToList());
}
