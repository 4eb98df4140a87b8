namespace Raft3D.PrintFarm.Commands;

/// <summary>
/// Status is the text as given (any case, "cancelled" accepted). ExpectedVersion, from
/// If-Match, makes the change conditional: it applies only while the job is at that version.
/// </summary>
public sealed record ChangeJobStatus(string JobId, string Status, long? ExpectedVersion = null) : FarmCommand;
