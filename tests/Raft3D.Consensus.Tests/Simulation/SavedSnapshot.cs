using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>
/// A snapshot in the simulated snapshot store (or on its way there). Seq is the journal sequence
/// number current when it was taken: recovery replays only events after it, and saving it
/// deletes the events up to it (Akka.Persistence's SaveSnapshot and DeleteMessages).
/// </summary>
internal sealed record SavedSnapshot(RaftSnapshot Snapshot, long Seq);
