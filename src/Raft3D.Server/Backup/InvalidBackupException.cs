namespace Raft3D.Server.Backup;

/// <summary>A backup file that cannot be restored; the message says why, in one line.</summary>
public sealed class InvalidBackupException(string message) : Exception(message);
