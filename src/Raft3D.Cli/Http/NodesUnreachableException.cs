namespace Raft3D.Cli.Http;

/// <summary>No node answered at all (refused connections, timeouts).</summary>
public sealed class NodesUnreachableException(string message) : Exception(message);
