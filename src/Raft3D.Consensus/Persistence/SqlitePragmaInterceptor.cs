using System.Data.Common;
using LinqToDB.Interceptors;

namespace Raft3D.Consensus.Persistence;

/// <summary>
/// Sets the per-connection pragmas on every connection the journal and snapshot store open:
/// <list type="bullet">
/// <item>busy_timeout: without it Microsoft.Data.Sqlite retries a write that finds another
/// writer's lock only every 150 ms (measured: 150 ms of waiting behind a lock held for 5 ms);
/// with it SQLite's own handler retries within milliseconds. It must stay below the journal's
/// call timeout (<see cref="StorageTimeouts"/>), so SQLite gives up on a write before the
/// journal does and no abandoned write can land after the Raft actor restarted.</item>
/// <item>synchronous=FULL: every commit is fsync'd before the journal reports it written, which
/// Raft's votes and acknowledgements rely on. The bundled SQLite defaults to it, but a
/// connection-level pragma does not depend on how the SQLite library was compiled (some builds
/// default WAL files to NORMAL, which can lose the last commits on power loss).</item>
/// </list>
/// </summary>
public sealed class SqlitePragmaInterceptor(TimeSpan busyTimeout) : ConnectionInterceptor
{
    private readonly string _pragmas = $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;";

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Apply(connection);

    public override Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }
}
