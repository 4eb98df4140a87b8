
namespace Raft3D.Consensus.Messages;

/// <summary>A message for the peer with id To.</summary>
public readonly record struct Envelope(string To, IRaftMessage Message);
