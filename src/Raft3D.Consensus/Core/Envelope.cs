using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Core;

/// <summary>A message for the peer with id To.</summary>
public readonly record struct Envelope(string To, IRaftMessage Message);
