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
}
