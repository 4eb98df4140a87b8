namespace Raft3D.Consensus.Replication;

/// <summary>
/// When a leader turns the proposals it holds into the next batch of log entries (group commit,
/// thesis §10.2.1 on batching). Each batch costs one journal write on every server and one
/// AppendEntries and answer per follower, whatever its size, so while a batch is on its way
/// the leader gathers what arrives into the next one instead of sending many small ones.
/// </summary>
public static class GroupCommit
{
    /// <summary>
    /// The next batch starts once the previous one is committed and this server's own write of
    /// it is done: a lone client never waits (everything is committed when its request comes),
    /// and under load a batch takes whatever arrived during one commit round. A full batch
    /// goes at once, so a stalled commit holds at most one batch's worth of proposals here.
    /// </summary>
    public static bool MayStartBatch(int proposalsHeld, int maxBatch, long commitIndex, long lastIndex, int ownWritesInFlight) =>
        proposalsHeld > 0 && (proposalsHeld >= maxBatch || (commitIndex >= lastIndex && ownWritesInFlight == 0));
}
