namespace Raft3D.Consensus.Membership;

/// <summary>
/// A server in the Raft configuration. RaftAddress is the Akka address of its actor system
/// (akka.tcp://system@host:port); HttpAddress is where its API listens, for clients.
/// </summary>
public sealed record Member(string Id, string RaftAddress, string HttpAddress);
