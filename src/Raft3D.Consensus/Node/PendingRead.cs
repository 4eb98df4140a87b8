using Akka.Actor;

namespace Raft3D.Consensus.Node;

/// <summary>A client's read and where to send its result.</summary>
public readonly record struct PendingRead(Func<IStateMachine, object?> Query, IActorRef ReplyTo);
