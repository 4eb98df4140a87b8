namespace Raft3D.Server.StateMachine;

/// <summary>What applying one envelope did.</summary>
public enum ApplyOutcomeKind : byte
{
    /// <summary>The command was applied; the payload is the farm's encoded result.</summary>
    Applied = 0,

    /// <summary>A retry: the key was seen with the same request; the payload is the first result, nothing was applied.</summary>
    Replayed = 1,

    /// <summary>The key was seen with a different request; nothing was applied.</summary>
    KeyReused = 2,

    /// <summary>The entry could not be decoded; nothing was applied (never expected).</summary>
    Malformed = 3,

    /// <summary>
    /// A command of this release (PATCH, DELETE, If-Match on a status change) before the log's
    /// first settings entry, the mark that every member runs this release; nothing was applied.
    /// </summary>
    UpgradeInProgress = 4,
}
