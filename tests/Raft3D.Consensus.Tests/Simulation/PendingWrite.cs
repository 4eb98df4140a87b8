using Raft3D.Consensus.Core;

namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>A Ready whose events are being written; its after-persist work waits until Due.</summary>
internal sealed record PendingWrite(Ready Ready, long Due);
