using Raft3D.PrintFarm;

namespace Raft3D.Server.StateMachine;

/// <summary>The farm as it was once Raft had applied the entry at Index; immutable, readable from any thread.</summary>
public sealed record AppliedView(long Index, FarmView Farm);
