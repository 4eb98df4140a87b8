using Raft3D.Consensus.Core;

namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>
/// A Ready whose journal events are being written; its after-persist work waits until Due. FirstSeq is
/// the journal sequence number of its first event (numbers are handed out when the write is
/// asked for, as Akka.Persistence does, so a snapshot taken meanwhile covers them).
/// </summary>
internal sealed record PendingWrite(Ready Ready, IReadOnlyList<object> Events, long Due, long FirstSeq);
