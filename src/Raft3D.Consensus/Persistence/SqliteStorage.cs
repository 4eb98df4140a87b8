using System.Globalization;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace Raft3D.Consensus.Persistence;

/// <summary>
/// One SQLite file per node holds its journal (term, vote, log) and snapshot records, through
/// Akka.Persistence.Sql; the rows of a large snapshot's segments are in a second file beside it
/// (<see cref="SegmentsPath"/>). Every commit is fsync'd: WAL mode with synchronous=FULL on every
/// connection (<see cref="SqlitePragmaInterceptor"/>), so nothing is acknowledged before it is on disk.
/// </summary>
public static class SqliteStorage
{
    /// <summary>
    /// The snapshot store of segment rows. SQLite has one write lock per file, and a writer that
    /// finds it taken polls with growing sleeps: rows of megabytes written one after another in
    /// the journal's file kept its small commits waiting for hundreds of milliseconds each
    /// (docs/benchmarks.md). In a file of their own they never wait for the lock.
    /// </summary>
    public const string SegmentStorePluginId = "akka.persistence.snapshot-store.sql-segments";

    private const string JournalPluginId = "akka.persistence.journal.sql";
    private const string QueryJournalPluginId = "akka.persistence.query.journal.sql";
    private const string SnapshotStorePluginId = "akka.persistence.snapshot-store.sql";

    /// <summary>The segments' file beside the database: raft.db holds its segments in raft-segments.db.</summary>
    public static string SegmentsPath(string databasePath) =>
        Path.Combine(Path.GetDirectoryName(databasePath) ?? "", Path.GetFileNameWithoutExtension(databasePath) + "-segments.db");

    // SQLite's primary result codes for a file that is not a database and for a damaged one.
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    /// <summary>The file with a command timeout that fits the busy timeout (<see cref="StorageTimeouts.CommandTimeoutSeconds"/>).</summary>
    public static string ConnectionString(string databasePath, StorageTimeouts? timeouts = null) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = StorageTimeouts.CommandTimeoutSeconds((timeouts ?? StorageTimeouts.Default).BusyTimeout),
        }.ToString();

    /// <summary>
    /// Creates the folder, switches the database and its segments' file to WAL (a setting that
    /// sticks to the file) and checks that each is an intact database: a damaged journal must
    /// stop the node at start with the file named (<see cref="UnusableDatabaseException"/>), not fail it later.
    /// </summary>
    public static void Prepare(string databasePath)
    {
        PrepareFile(databasePath);
        PrepareFile(SegmentsPath(databasePath));
    }

    private static void PrepareFile(string databasePath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (folder is not null) Directory.CreateDirectory(folder);
        try
        {
            using var connection = new SqliteConnection(ConnectionString(databasePath));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
            command.ExecuteNonQuery();
            // quick_check reads every page (a few MB for a compacted journal: milliseconds).
            command.CommandText = "PRAGMA quick_check;";
            var verdict = Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (verdict != "ok")
                throw new UnusableDatabaseException(databasePath, $"the database is damaged (SQLite quick_check: {verdict})");
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt)
        {
            throw new UnusableDatabaseException(databasePath,
                e.SqliteErrorCode == SqliteNotADatabase ? "file is not a database" : "database disk image is malformed", e);
        }
    }

    /// <summary>
    /// Connections to this file, with the pragmas of <see cref="SqlitePragmaInterceptor"/> on
    /// each. Given to the actor system by <see cref="Setup"/>.
    /// </summary>
    public static DataOptions DataOptions(string databasePath, StorageTimeouts? timeouts = null) => new DataOptions()
        .UseConnectionString(ProviderName.SQLiteMS, ConnectionString(databasePath, timeouts))
        .UseInterceptor(new SqlitePragmaInterceptor((timeouts ?? StorageTimeouts.Default).BusyTimeout));

    /// <summary>
    /// An ActorSystem setup (beside <see cref="Config"/>) that gives each plugin its
    /// <see cref="DataOptions"/>: the database for the journal and snapshot records, the segments' file for segments.
    /// </summary>
    public static Setup Setup(string databasePath, StorageTimeouts? timeouts = null)
    {
        var setup = new MultiDataOptionsSetup();
        var database = DataOptions(databasePath, timeouts);
        foreach (var plugin in new[] { JournalPluginId, QueryJournalPluginId, SnapshotStorePluginId }) setup.AddDataOptions(plugin, database);
        setup.AddDataOptions(SegmentStorePluginId, DataOptions(SegmentsPath(databasePath), timeouts));
        return setup;
    }

    /// <summary>The journal and snapshot store settings on this file, over the plugin's own defaults.</summary>
    public static Config Config(string databasePath, StorageTimeouts? timeouts = null) =>
        ConfigurationFactory.ParseString(Hocon(databasePath, timeouts ?? StorageTimeouts.Default)).WithFallback(SqlPersistence.DefaultConfiguration);

    /// <summary>HOCON selecting the SQL journal and snapshot store on this file, and the segments' store beside it.</summary>
    public static string Hocon(string databasePath, StorageTimeouts timeouts)
    {
        var connectionString = ConnectionString(databasePath, timeouts).Replace("\"", "\\\"");
        var segmentsConnectionString = ConnectionString(SegmentsPath(databasePath), timeouts).Replace("\"", "\\\"");
        // What every store shares: the breaker's timeouts, and no cloned connections. The plugin's
        // default clones a template connection for every call, and each clone builds a linq2db
        // mapping schema of its own (~6 KB per journal write, a tenth of a leader's allocations);
        // a new connection from the same options (with SqlitePragmaInterceptor) shares the
        // plugin's schema, and SQLite's pool hands out the handle either way.
        var shared = $$"""
            use-clone-connection = off
                  circuit-breaker {
                    call-timeout = {{(long)timeouts.CallTimeout.TotalMilliseconds}}ms
                    reset-timeout = {{(long)timeouts.BreakerResetTimeout.TotalMilliseconds}}ms
                  }
            """;
        return $$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = "{{connectionString}}"
                  provider-name = "SQLite.MS"
                  auto-initialize = true
                  {{shared}}
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = "{{connectionString}}"
                  provider-name = "SQLite.MS"
                  auto-initialize = true
                  {{shared}}
                }
                sql-segments {
                  # The plugin's other settings fall back to its defaults (SqlSnapshotStore does so).
                  class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
                  plugin-dispatcher = "akka.persistence.dispatchers.default-plugin-dispatcher"
                  plugin-id = "{{SegmentStorePluginId}}"
                  connection-string = "{{segmentsConnectionString}}"
                  provider-name = "SQLite.MS"
                  auto-initialize = true
                  {{shared}}
                }
              }
            }
            """;
    }
}
