namespace Raft3D.Server.Security;

/// <summary>One line of the -api-keys file, kept as the SHA-256 of the key: the key itself is never held.</summary>
public sealed record ApiKey(byte[] Hash, ApiRole Role, string Name, int Line);
