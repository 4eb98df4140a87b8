using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Microsoft.Data.Sqlite;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Serialization;

namespace Raft3D.Bench;

/// <summary>
/// The storage floor under a write: one durable append at a time, first as a bare SQLite
/// insert and commit on one open connection (WAL, synchronous=FULL, the node's settings), then
/// as an Akka.Persistence round trip of the node's own journal event through the same
/// Akka.Persistence.Sql stack the node uses. Every Raft write waits for the second at least
/// once on the leader and once on a follower, so this bounds how low one client's latency can go.
/// </summary>
public static class JournalLatency
{
    public static async Task RunAsync(int appends, string folder)
    {
        Directory.CreateDirectory(folder);
        var entry = new EntriesAppended([new LogEntry(1, 1, EntryKind.Command, new byte[100])]);
        Console.WriteLine($"{appends} sequential durable appends of one 100-byte entry, in {folder}");

        var rawPath = Path.Combine(folder, $"raw-{Guid.NewGuid():N}.db");
        var journalPath = Path.Combine(folder, $"journal-{Guid.NewGuid():N}.db");
        try
        {
            var raw = RawSqlite(appends, rawPath);
            Console.WriteLine(raw.Recorder.Report("SQLite insert + commit (one connection)", raw.Elapsed) + Cpu(raw.Cpu, appends));
            var akka = await AkkaPersistenceAsync(appends, journalPath, entry);
            Console.WriteLine(akka.Recorder.Report("Akka.Persistence.Sql persist round trip", akka.Elapsed) + Cpu(akka.Cpu, appends));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { rawPath, journalPath }.SelectMany(p => new[] { p, p + "-wal", p + "-shm" }))
                File.Delete(file);
        }
    }

    private static string Cpu(TimeSpan cpu, int appends) => $"  cpu {cpu.TotalMicroseconds / appends:0} µs/append";

    private static (LatencyRecorder Recorder, TimeSpan Elapsed, TimeSpan Cpu) RawSqlite(int appends, string path)
    {
        SqliteStorage.Prepare(path);
        using var connection = new SqliteConnection(SqliteStorage.ConnectionString(path));
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE journal(ordering INTEGER PRIMARY KEY, persistence_id TEXT, sequence_number INTEGER, message BLOB, UNIQUE(persistence_id, sequence_number))";
            create.ExecuteNonQuery();
        }
        var message = new byte[140];
        var recorder = new LatencyRecorder();
        return Measure(recorder, () =>
        {
            for (var i = 1; i <= appends; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var transaction = connection.BeginTransaction();
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO journal(persistence_id, sequence_number, message) VALUES ('node1', $sequence, $message)";
                insert.Parameters.AddWithValue("$sequence", i);
                insert.Parameters.AddWithValue("$message", message);
                insert.ExecuteNonQuery();
                transaction.Commit();
                recorder.Record(started);
            }
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
    }

    private static async Task<(LatencyRecorder Recorder, TimeSpan Elapsed, TimeSpan Cpu)> AkkaPersistenceAsync(int appends, string path, EntriesAppended entry)
    {
        SqliteStorage.Prepare(path);
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\n" + RaftHocon.Serialization).WithFallback(SqliteStorage.Config(path));
        using var system = ActorSystem.Create("journal", BootstrapSetup.Create().WithConfig(config).And(SqliteStorage.Setup(path)));
        var writer = system.ActorOf(Props.Create(() => new Writer(entry)));
        for (var i = 0; i < 200; i++) await writer.Ask<Written>(Write.Instance, TimeSpan.FromSeconds(30)); // warm-up
        var recorder = new LatencyRecorder();
        var result = await Measure(recorder, async () =>
        {
            for (var i = 0; i < appends; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await writer.Ask<Written>(Write.Instance, TimeSpan.FromSeconds(10));
                recorder.Record(started);
            }
        });
        await system.Terminate();
        return result;
    }

    private static async Task<(LatencyRecorder, TimeSpan, TimeSpan)> Measure(LatencyRecorder recorder, Func<Task> run)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await run();
        return (recorder, Stopwatch.GetElapsedTime(started), Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    private sealed class Write
    {
        public static readonly Write Instance = new();
    }

    private sealed class Written
    {
        public static readonly Written Instance = new();
    }

    /// <summary>Persists the event once per request and answers when it is durable.</summary>
    private sealed class Writer : ReceivePersistentActor
    {
        public Writer(EntriesAppended entry)
        {
            Recover<object>(_ => { });
            Command<Write>(_ =>
            {
                var requester = Sender;
                PersistAsync(entry, _ => requester.Tell(Written.Instance));
            });
        }

        public override string PersistenceId => "journal-latency";
    }
}
