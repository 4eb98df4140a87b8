namespace Raft3D.Chaos.Nemesis;

/// <summary>One fault injected: what, to whom, from when to when (seconds since the run began).</summary>
public sealed record FaultRecord(FaultKind Kind, string Description, double StartSeconds)
{
    public double? EndSeconds { get; set; }

    public override string ToString() => $"[{StartSeconds,7:0.0}s..{(EndSeconds is { } e ? $"{e:0.0}s" : "?")}] {Kind.ToString().ToLowerInvariant()}: {Description}";
}
