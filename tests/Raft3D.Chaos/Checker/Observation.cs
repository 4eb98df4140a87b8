namespace Raft3D.Chaos.Checker;

/// <summary>
/// What one read said about one object, as a comparable value: null when the object was
/// absent; printer "company"; filament "total/remaining/reserved"; job "filament/weight/status".
/// </summary>
public readonly record struct Observation(ObjectKey Object, string? Value);
