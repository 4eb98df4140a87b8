namespace Raft3D.Chaos.Checker;

/// <summary>An object of the farm: Kind is "printer", "filament" or "job".</summary>
public readonly record struct ObjectKey(string Kind, string Id)
{
    public override string ToString() => $"{Kind} {Id}";
}
