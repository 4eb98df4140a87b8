using Raft3D.Consensus.Log;

namespace Raft3D.Consensus.Core;

/// <summary>
/// What the core asks its host to do after a step, in this order: persist the events; send
/// Messages at once (they need nothing of this step to be durable: the leader's own
/// AppendEntries go out while it writes, thesis §10.2.1); once the events are durable, send
/// MessagesAfterPersist (votes and acknowledgements promise durability, §5.2, §5.3), report
/// the stable index back to the core, apply CommittedEntries in order and serve ReadStates.
/// CommittedEntries need not wait for this server's writes (a majority holds them durably), only
/// for an InstalledSnapshot before them.
/// </summary>
public sealed class Ready
{
    public List<object> Events { get; } = [];

    public List<Envelope> Messages { get; } = [];

    public List<Envelope> MessagesAfterPersist { get; } = [];

    public List<LogEntry> CommittedEntries { get; } = [];

    public List<ReadState> ReadStates { get; } = [];

    /// <summary>Reads that cannot be served here now (no leader, leadership lost); the client may retry.</summary>
    public List<long> FailedReads { get; } = [];

    /// <summary>A snapshot from the leader to restore the state machine from (before applying anything newer).</summary>
    public (long Index, byte[] Data)? InstalledSnapshot { get; set; }

    /// <summary>
    /// The leader needs a newer snapshot than it has (to bring up a server that rejoined under an
    /// id that was once a voter): the host should compact at its applied index when it can.
    /// </summary>
    public bool SnapshotRequested { get; set; }

    /// <summary>Index and term of the last entry written by Events, to report back once durable.</summary>
    public (long Index, long Term)? StableTo { get; set; }

    public bool IsEmpty =>
        Events.Count == 0 && Messages.Count == 0 && MessagesAfterPersist.Count == 0 &&
        CommittedEntries.Count == 0 && ReadStates.Count == 0 && FailedReads.Count == 0 && StableTo is null &&
        InstalledSnapshot is null && !SnapshotRequested;
}
