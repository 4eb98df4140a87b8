using LinqToDB;
using LinqToDB.Data;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Tests.Storage;

/// <summary>The connections the journal and snapshot store open on a node's file.</summary>
public sealed class SqliteStorageTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"raft3d-storage-{Guid.NewGuid():N}.db");

    /// <summary>
    /// Without a busy timeout a write that meets another writer's lock (a snapshot being saved,
    /// compacted events being deleted) sleeps 150 ms in Microsoft.Data.Sqlite before it retries.
    /// </summary>
    [Fact]
    public void Every_connection_waits_in_SQLite_for_a_busy_lock()
    {
        SqliteStorage.Prepare(_path);
        using var connection = new DataConnection(SqliteStorage.DataOptions(_path));
        Assert.Equal(30_000L, connection.Execute<long>("PRAGMA busy_timeout"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(file);
    }
}
