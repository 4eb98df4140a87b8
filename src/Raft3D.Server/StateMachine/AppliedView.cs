using Raft3D.PrintFarm;
using Raft3D.Server.Settings;

namespace Raft3D.Server.StateMachine;

/// <summary>
/// The farm and the cluster's settings (null: none set yet) as they were once Raft had applied
/// the entry at Index; immutable, readable from any thread.
/// </summary>
public sealed record AppliedView(long Index, FarmView Farm, ClusterSettings? Settings);
