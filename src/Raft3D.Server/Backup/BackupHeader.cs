namespace Raft3D.Server.Backup;

/// <summary>
/// What a backup file says about itself: its format version, the cluster it came from
/// ("" when unknown), the log index and term of the committed state it holds, when it was
/// taken, and the payload's length.
/// </summary>
public sealed record BackupHeader(int FormatVersion, string ClusterId, long Index, long Term, DateTimeOffset TakenAt, long PayloadLength);
