using System.Data.Common;
using LinqToDB.Interceptors;

namespace Raft3D.Consensus.Persistence;

/// <summary>
/// Sets SQLite's busy timeout on every connection the journal and snapshot store open. Without
/// it Microsoft.Data.Sqlite retries a write that finds another writer's lock only every 150 ms
/// (measured: 150 ms of waiting behind a lock held for 5 ms); with it SQLite's own handler
/// retries within milliseconds. The journal's writes meet the store's other writers whenever a
/// snapshot is saved and its covered events are deleted.
/// </summary>
public sealed class BusyTimeoutInterceptor(TimeSpan timeout) : ConnectionInterceptor
{
    private readonly string _pragma = $"PRAGMA busy_timeout = {(long)timeout.TotalMilliseconds};";

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Apply(connection);

    public override Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }
}
