namespace Raft3D.PrintFarm.Commands;

/// <summary>
/// A change to the farm, as it travels in the Raft log. Commands always carry their id: the
/// node generates missing ids before proposing, so applying stays deterministic.
/// </summary>
public abstract record FarmCommand;
