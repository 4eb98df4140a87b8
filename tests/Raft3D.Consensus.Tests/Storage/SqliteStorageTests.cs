using System.Collections.Concurrent;
using System.Data.Common;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using LinqToDB.Interceptors;
using Microsoft.Data.Sqlite;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Tests.Storage;

/// <summary>The connections the journal and snapshot store open on a node's file, and the file's checks at start.</summary>
public sealed class SqliteStorageTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"raft3d-storage-{Guid.NewGuid():N}.db");

    /// <summary>
    /// Reads the pragmas back on every connection the journal plugin itself opens (an interceptor
    /// added after ours): without <see cref="SqlitePragmaInterceptor"/> a write that meets another
    /// writer's lock sleeps 150 ms in Microsoft.Data.Sqlite, and durability would rest on how the
    /// SQLite library was compiled.
    /// </summary>
    [Fact]
    public async Task Every_journal_connection_waits_for_locks_in_SQLite_and_syncs_every_commit()
    {
        SqliteStorage.Prepare(_path);
        var timeouts = new StorageTimeouts(TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));
        var seen = new ConcurrentQueue<(long Synchronous, long BusyTimeout)>();
        var options = SqliteStorage.DataOptions(_path, timeouts).UseInterceptor(new PragmaRecorder(seen));
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(SqliteStorage.Config(_path, timeouts));
        using var system = ActorSystem.Create("storage", BootstrapSetup.Create().WithConfig(config).And(new DataOptionsSetup(options)));

        var writer = system.ActorOf(Props.Create(() => new OneEventWriter()));
        Assert.Equal("written", await writer.Ask<string>("write", TimeSpan.FromSeconds(30)));
        await system.Terminate();

        Assert.NotEmpty(seen);
        Assert.All(seen, pragmas =>
        {
            Assert.Equal(2L, pragmas.Synchronous); // FULL
            Assert.Equal(1500L, pragmas.BusyTimeout);
        });
    }

    /// <summary>
    /// The plugin's default clones a template connection for every call, and every clone builds
    /// a mapping schema of its own: kilobytes of garbage per journal write. The node's connections
    /// are made from each plugin's options and share its one schema (the journal's, the snapshot store's).
    /// </summary>
    [Fact]
    public async Task Connections_share_their_plugins_mapping_schema_not_one_each()
    {
        SqliteStorage.Prepare(_path);
        var schemas = new ConcurrentQueue<object>();
        var options = SqliteStorage.DataOptions(_path).UseInterceptor(new SchemaRecorder(schemas));
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(SqliteStorage.Config(_path));
        using var system = ActorSystem.Create("storage", BootstrapSetup.Create().WithConfig(config).And(new DataOptionsSetup(options)));

        var writer = system.ActorOf(Props.Create(() => new OneEventWriter()));
        for (var i = 0; i < 5; i++) Assert.Equal("written", await writer.Ask<string>("write", TimeSpan.FromSeconds(30)));
        await system.Terminate();

        Assert.True(schemas.Count >= 6, $"{schemas.Count} connections for a recovery and 5 writes");
        Assert.InRange(schemas.Distinct(ReferenceEqualityComparer.Instance).Count(), 1, 2);
    }

    [Fact]
    public void The_driver_gives_up_on_a_lock_within_the_busy_timeout_not_its_own_30_seconds()
    {
        var builder = new SqliteConnectionStringBuilder(SqliteStorage.ConnectionString(_path, StorageTimeouts.Default));
        Assert.Equal(StorageTimeouts.CommandTimeoutSeconds(StorageTimeouts.Default.BusyTimeout), builder.DefaultTimeout);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_with_its_name()
    {
        File.WriteAllBytes(_path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 31 + 7)).ToArray());

        var e = Assert.Throws<UnusableDatabaseException>(() => SqliteStorage.Prepare(_path));

        Assert.Equal(_path, e.DatabasePath);
        Assert.Equal("file is not a database", e.Problem);
    }

    [Fact]
    public void A_database_with_a_damaged_page_is_refused()
    {
        using (var connection = new SqliteConnection(SqliteStorage.ConnectionString(_path)))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=DELETE; CREATE TABLE t(x TEXT); " +
                                  string.Concat(Enumerable.Range(0, 200).Select(i => $"INSERT INTO t VALUES (hex(randomblob(200)));"));
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        // Page 2 holds the table's b-tree root: overwrite it with noise (page 1 stays a valid header).
        using (var file = new FileStream(_path, FileMode.Open, FileAccess.Write))
        {
            file.Position = 4096;
            file.Write(Enumerable.Range(0, 4096).Select(i => (byte)(i * 13 + 5)).ToArray());
        }

        var e = Assert.Throws<UnusableDatabaseException>(() => SqliteStorage.Prepare(_path));

        Assert.Equal(_path, e.DatabasePath);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(file);
    }

    /// <summary>Runs after <see cref="SqlitePragmaInterceptor"/> on each connection and records what it set.</summary>
    private sealed class PragmaRecorder(ConcurrentQueue<(long, long)> seen) : ConnectionInterceptor
    {
        public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Record(connection);

        public override Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
        {
            Record(connection);
            return Task.CompletedTask;
        }

        private void Record(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous";
            var synchronous = Convert.ToInt64(command.ExecuteScalar());
            command.CommandText = "PRAGMA busy_timeout";
            seen.Enqueue((synchronous, Convert.ToInt64(command.ExecuteScalar())));
        }
    }

    /// <summary>Records the mapping schema of each connection the plugin opens.</summary>
    private sealed class SchemaRecorder(ConcurrentQueue<object> seen) : ConnectionInterceptor
    {
        public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) =>
            seen.Enqueue(eventData.DataConnection!.MappingSchema);

        public override Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
        {
            seen.Enqueue(eventData.DataConnection!.MappingSchema);
            return Task.CompletedTask;
        }
    }

    /// <summary>Persists one event through the journal plugin, so that it opens its connections.</summary>
    private sealed class OneEventWriter : ReceivePersistentActor
    {
        public OneEventWriter()
        {
            Command<string>(_ => Persist(new HardStateChanged(1, "n1"), _ => Sender.Tell("written")));
        }

        public override string PersistenceId => "storage-test";
    }
}
