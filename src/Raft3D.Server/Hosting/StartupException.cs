namespace Raft3D.Server.Hosting;

/// <summary>The node cannot start (a port in use, an unwritable directory); the message is the one line printed.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
