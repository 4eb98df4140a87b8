using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Bench;

/// <summary>
/// What a node's journal waits for while SQLite's write lock is busy with something large: a
/// writer commits small rows one at a time, about a millisecond apart (the journal), while another connection either
/// saves large rows back to back (a snapshot's segments), in the same file or in a file of its
/// own, or deletes many small rows (compacted events) in one statement or in batches with a
/// pause between. Every connection has the node's settings (WAL, synchronous=FULL, busy_timeout).
/// Prints the small commits' latency while the large work ran.
/// </summary>
public static class LockWait
{
    public const string Usage = "lock-wait [SEGMENTS SEGMENT_MIB DELETE_ROWS DELETE_BATCH FOLDER]   SQLite lock waits (defaults 9 4 100000 5000)";

    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan DeletePause = TimeSpan.FromMilliseconds(50);

    public static void Run(int segments, int segmentMib, int deleteRows, int deleteBatch, string folder)
    {
        Directory.CreateDirectory(folder);
        Console.WriteLine($"small commits (300 bytes) while: {segments} rows of {segmentMib} MiB are saved back to back; {deleteRows} rows are deleted; in {folder}");
        Measure(folder, "segments in the journal's file", sameFile: true, db => SaveSegments(db, segments, segmentMib));
        Measure(folder, "segments in a file of their own", sameFile: false, db => SaveSegments(db, segments, segmentMib));
        Measure(folder, $"one delete of {deleteRows} rows", sameFile: true, db => Delete(db, deleteRows, deleteRows), deleteRows);
        Measure(folder, $"deletes of {deleteBatch} rows, {DeletePause.TotalMilliseconds:0} ms apart", sameFile: true, db => Delete(db, deleteRows, deleteBatch), deleteRows);
    }

    private static void Measure(string folder, string name, bool sameFile, Action<SqliteConnection> work, int preloadRows = 0)
    {
        var journalPath = Path.Combine(folder, $"journal-{Guid.NewGuid():N}.db");
        var otherPath = sameFile ? journalPath : Path.Combine(folder, $"segments-{Guid.NewGuid():N}.db");
        try
        {
            using (var setup = Open(journalPath))
            {
                Execute(setup, "CREATE TABLE journal(id INTEGER PRIMARY KEY, payload BLOB)");
                using var transaction = setup.BeginTransaction();
                using var insert = Insert(setup, "journal", new byte[300]);
                insert.Transaction = transaction;
                for (var i = 0; i < preloadRows; i++) insert.ExecuteNonQuery();
                transaction.Commit();
                Execute(setup, "PRAGMA wal_checkpoint(TRUNCATE)");
            }
            using (var other = Open(otherPath)) Execute(other, "CREATE TABLE IF NOT EXISTS segment(id INTEGER PRIMARY KEY, payload BLOB)");

            var during = new LatencyRecorder();
            var busy = 0;
            var stop = false;
            var writer = new Thread(() =>
            {
                using var connection = Open(journalPath);
                using var insert = Insert(connection, "journal", new byte[300]);
                while (!Volatile.Read(ref stop))
                {
                    var start = Stopwatch.GetTimestamp();
                    using (var transaction = connection.BeginTransaction())
                    {
                        insert.Transaction = transaction;
                        insert.ExecuteNonQuery();
                        transaction.Commit();
                    }
                    if (Volatile.Read(ref busy) == 1) during.Record(start);
                    // A journal commits as writes arrive, not in a loop that never lets go of the lock.
                    Thread.Sleep(1);
                }
            });
            writer.Start();
            Thread.Sleep(Settle);
            var elapsed = Stopwatch.StartNew();
            using (var connection = Open(otherPath))
            {
                Volatile.Write(ref busy, 1);
                work(connection);
                Volatile.Write(ref busy, 0);
            }
            elapsed.Stop();
            Volatile.Write(ref stop, true);
            writer.Join();
            var summary = during.Summarize(elapsed.Elapsed);
            Console.WriteLine($"  {name}: took {elapsed.ElapsedMilliseconds} ms; meanwhile {summary.Succeeded} small commits, p50 {summary.P50:0.0} ms, p99 {summary.P99:0.0} ms, max {summary.Max:0.0} ms");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { journalPath, otherPath }.Distinct().SelectMany(p => new[] { p, p + "-wal", p + "-shm" }))
                File.Delete(file);
        }
    }

    private static void SaveSegments(SqliteConnection connection, int segments, int segmentMib)
    {
        using var insert = Insert(connection, "segment", new byte[segmentMib << 20]);
        for (var i = 0; i < segments; i++)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            insert.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private static void Delete(SqliteConnection connection, int rows, int batch)
    {
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM journal WHERE id <= $to";
        var to = delete.Parameters.Add("$to", SqliteType.Integer);
        for (var bound = Math.Min(rows, batch); ; bound = Math.Min(rows, bound + batch))
        {
            to.Value = bound;
            delete.ExecuteNonQuery();
            if (bound == rows) break;
            Thread.Sleep(DeletePause);
        }
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(SqliteStorage.ConnectionString(path));
        connection.Open();
        Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout={(long)StorageTimeouts.Default.BusyTimeout.TotalMilliseconds}");
        return connection;
    }

    private static SqliteCommand Insert(SqliteConnection connection, string table, byte[] payload)
    {
        var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {table}(payload) VALUES ($payload)";
        insert.Parameters.Add("$payload", SqliteType.Blob).Value = payload;
        return insert;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
