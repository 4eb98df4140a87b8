namespace Raft3D.Consensus.Replication;

/// <summary>
/// When a leader turns the proposals it holds into the next batch of log entries (group commit;
/// batching, thesis §10.2). Each batch costs one journal write on every server and one
/// AppendEntries and answer per follower, whatever its size, so while a batch is on its way
/// the leader gathers what arrives into the next one instead of sending many small ones.
/// </summary>
public static class GroupCommit
{
    /// <summary>
    /// The next batch starts once the previous one is committed: a lone client never waits
    /// (everything is committed when its request comes), and under load a batch takes whatever
    /// arrived during one commit round. The leader's own write of the last batch is not waited
    /// for: a majority of followers commits without it (thesis §10.2.1), so a leader whose
    /// journal is held (its compaction deleting events) keeps the cluster writing. A full batch
    /// goes at once, so a stalled commit holds at most one batch's worth of proposals here.
    /// </summary>
    public static bool MayStartBatch(int proposalsHeld, int maxBatch, long commitIndex, long lastIndex) =>
        proposalsHeld > 0 && (proposalsHeld >= maxBatch || commitIndex >= lastIndex);

    /// <summary>
    /// How many of the held proposals (in order, size giving each one's bytes) the next batch takes: at most
    /// maxBatch, and no more bytes than maxBytes, so one batch is one journal write and one
    /// AppendEntries that replication can carry; always at least one, however large (a single
    /// command is bounded by the API's body limit and the frame-size check at start).
    /// </summary>
    public static int BatchCount<T>(IReadOnlyList<T> held, Func<T, int> size, int maxBatch, long maxBytes)
    {
        long bytes = 0;
        var count = 0;
        while (count < held.Count && count < maxBatch)
        {
            bytes += size(held[count]);
            if (count > 0 && bytes > maxBytes) break;
            count++;
        }
        return count;
    }

    /// <summary>
    /// Why a leader refuses a new proposal, or null to take it: the writes already waiting here
    /// (held for the next batch, and proposed but not yet applied) are at the bound. Refusing at
    /// once with a retry hint keeps memory bounded under overload instead of queueing for ever.
    /// </summary>
    public static string? Refusal(int held, int proposedNotApplied, int maxPending) =>
        held + proposedNotApplied >= maxPending
            ? $"{held + proposedNotApplied} writes are already waiting at the leader (raft3d.raft.max-pending-proposals = {maxPending}); retry shortly"
            : null;
}
