using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace Raft3D.Consensus.Persistence;

/// <summary>
/// One SQLite file per node holds its journal (term, vote, log) and snapshots, through
/// Akka.Persistence.Sql. Every commit is fsync'd: WAL mode with synchronous=FULL, the default
/// of the bundled SQLite, so nothing is acknowledged before it is on disk.
/// </summary>
public static class SqliteStorage
{
    public static string ConnectionString(string databasePath) =>
        new SqliteConnectionStringBuilder { DataSource = databasePath, Cache = SqliteCacheMode.Private }.ToString();

    /// <summary>Creates the file's folder and switches the file to WAL (a setting that sticks to the file).</summary>
    public static void Prepare(string databasePath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var connection = new SqliteConnection(ConnectionString(databasePath));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The journal's and snapshot store's connections: this file, with a busy timeout on each
    /// (<see cref="BusyTimeoutInterceptor"/>). Given to the actor system by <see cref="Setup"/>.
    /// </summary>
    public static DataOptions DataOptions(string databasePath) => new DataOptions()
        .UseConnectionString(ProviderName.SQLiteMS, ConnectionString(databasePath))
        .UseInterceptor(new BusyTimeoutInterceptor(TimeSpan.FromSeconds(30)));

    /// <summary>An ActorSystem setup (beside <see cref="Config"/>) that gives the plugin <see cref="DataOptions"/>.</summary>
    public static Setup Setup(string databasePath) => new DataOptionsSetup(DataOptions(databasePath));

    /// <summary>The journal and snapshot store settings on this file, over the plugin's own defaults.</summary>
    public static Config Config(string databasePath) =>
        ConfigurationFactory.ParseString(Hocon(databasePath)).WithFallback(SqlPersistence.DefaultConfiguration);

    /// <summary>HOCON selecting the SQL journal and snapshot store on this file.</summary>
    public static string Hocon(string databasePath)
    {
        var connectionString = ConnectionString(databasePath).Replace("\"", "\\\"");
        return $$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = "{{connectionString}}"
                  provider-name = "SQLite.MS"
                  auto-initialize = true
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = "{{connectionString}}"
                  provider-name = "SQLite.MS"
                  auto-initialize = true
                }
              }
            }
            """;
    }
}
