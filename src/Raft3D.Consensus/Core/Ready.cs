using Raft3D.Consensus.Log;
using Raft3D.Consensus.Messages;

namespace Raft3D.Consensus.Core;

/// <summary>
/// What the core asks its host to do after a step, in this order: persist the events; send
/// Messages at once (they need nothing of this step to be durable: the leader's own
/// AppendEntries go out while it writes, thesis §10.2.1); once the events are durable, send
/// MessagesAfterPersist (votes and acknowledgements promise durability, §5.2, §5.3), report
/// the stable index back to the core, apply CommittedEntries in order and serve ReadStates.
/// CommittedEntries need not wait for this server's writes (<see cref="MayApplyCommittedAhead"/>).
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

    /// <summary>
    /// Whether CommittedEntries may be applied now, ahead of this server's journal writes still in
    /// flight (earlierHoldingBack: how many readies waiting behind them hold back later applies).
    /// Committed entries are durable on a majority, so a leader need not wait for its own copy
    /// (thesis §10.2.1); only a leader's snapshot still to be restored before them, or earlier
    /// entries held back for one, must go first.
    /// </summary>
    public bool MayApplyCommittedAhead(int earlierHoldingBack) =>
        CommittedEntries.Count > 0 && InstalledSnapshot is null && earlierHoldingBack == 0;

    /// <summary>While this ready waits for a write, later committed entries may not be applied ahead of it.</summary>
    public bool HoldsBackLaterApplies => InstalledSnapshot is not null || CommittedEntries.Count > 0;

    public bool IsEmpty =>
        Events.Count == 0 && Messages.Count == 0 && MessagesAfterPersist.Count == 0 &&
        CommittedEntries.Count == 0 && ReadStates.Count == 0 && FailedReads.Count == 0 && StableTo is null &&
        InstalledSnapshot is null && !SnapshotRequested;
}
