namespace Raft3D.Consensus;

/// <summary>
/// A feed of the changes a state machine applied (a watch, an event stream): the state machine
/// reports here as Raft drives it, on Raft's thread and in log order, and readers on other
/// threads follow the feed. Raft itself never calls it: only the state machine knows what an
/// entry changed. An implementation must not block (take a short lock at most).
/// </summary>
/// <typeparam name="TChange">What one applied entry changed, in the host's own terms.</typeparam>
public interface IAppliedChanges<in TChange> where TChange : class
{
    /// <summary>The entry at index was applied; change is what it changed, or null when it changed nothing.</summary>
    void Applied(long index, TChange? change);

    /// <summary>The state was replaced by a snapshot covering the log up to index (<see cref="IStateMachine.Restore(long, Stream)"/>).</summary>
    void Restored(long index);

    /// <summary>The log up to index was compacted (<see cref="IStateMachine.Compacted"/>).</summary>
    void Compacted(long index);
}
