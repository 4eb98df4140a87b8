namespace Raft3D.Server.Flags;

/// <summary>A command line that cannot be used; the message is the one line printed on stderr.</summary>
public sealed class FlagException(string message) : Exception(message);
