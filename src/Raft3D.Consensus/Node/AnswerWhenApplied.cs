using Akka.Actor;

namespace Raft3D.Consensus.Node;

/// <summary>A leader's answer to a write this server passed on, to give its client once this server has applied the write's index.</summary>
public sealed record AnswerWhenApplied(ForwardRelay Relay, ProposeResult.Applied Result, IActorRef? Sender);
