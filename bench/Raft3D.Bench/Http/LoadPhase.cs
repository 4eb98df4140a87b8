namespace Raft3D.Bench.Http;

/// <summary>One kind of object loaded through the API: how many, how long it took, and how many could not be created.</summary>
public sealed record LoadPhase(string Kind, long Count, TimeSpan Elapsed, long Failed)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;
}
