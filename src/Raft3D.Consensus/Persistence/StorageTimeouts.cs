using Raft3D.Consensus.Settings;

namespace Raft3D.Consensus.Persistence;

/// <summary>
/// How long the journal waits on SQLite. BusyTimeout: how long one statement waits for another
/// writer's lock (a compaction, an operator's sqlite3 shell) before SQLite fails it. CallTimeout:
/// the journal plugin's circuit-breaker bound on one call; a call past it fails the write and the
/// Raft actor restarts from its journal. BreakerResetTimeout: how long the breaker, once open
/// after repeated failures, fails calls at once before it tries the journal again.
/// </summary>
public sealed record StorageTimeouts(TimeSpan BusyTimeout, TimeSpan CallTimeout, TimeSpan BreakerResetTimeout)
{
    /// <summary>The reference configuration's raft3d.storage, for nodes built in code (tests, benchmarks); a server node reads its own.</summary>
    public static StorageTimeouts Default { get; } = new(
        RaftReference.Duration("raft3d.storage.busy-timeout"),
        RaftReference.Duration("raft3d.storage.call-timeout"),
        RaftReference.Duration("raft3d.storage.breaker-reset-timeout"));

    /// <summary>
    /// Microsoft.Data.Sqlite's command timeout (whole seconds): it retries a statement that SQLite
    /// failed with "database is locked" until this much time has passed, each try waiting up to the
    /// busy timeout inside SQLite. Its own default of 30 s would outlast the journal's call.
    /// </summary>
    public static int CommandTimeoutSeconds(TimeSpan busyTimeout) => Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds));

    /// <summary>The longest one statement can wait for a lock: retries start until the command timeout, each waiting the busy timeout.</summary>
    public static TimeSpan LongestLockWait(TimeSpan busyTimeout) => TimeSpan.FromSeconds(CommandTimeoutSeconds(busyTimeout)) + busyTimeout;

    /// <summary>
    /// Why these timeouts cannot work together, or null. SQLite must give up on a locked write
    /// before the journal's call times out: otherwise the write is abandoned, not cancelled, and
    /// can still commit after the actor restarted and re-read its journal without it.
    /// </summary>
    public static string? Check(TimeSpan busyTimeout, TimeSpan callTimeout, TimeSpan breakerResetTimeout)
    {
        if (busyTimeout <= TimeSpan.Zero || callTimeout <= TimeSpan.Zero || breakerResetTimeout <= TimeSpan.Zero)
            return "every storage timeout must be above 0";
        var longest = LongestLockWait(busyTimeout);
        if (longest >= callTimeout)
            return $"busy-timeout {busyTimeout.TotalMilliseconds:0} ms lets one statement wait up to {longest.TotalMilliseconds:0} ms for a lock, " +
                   $"which must be below call-timeout ({callTimeout.TotalMilliseconds:0} ms): SQLite must give up on a locked write before the journal abandons it";
        return null;
    }
}
