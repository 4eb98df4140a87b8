using Akka.Actor;
using Microsoft.Data.Sqlite;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>What the Raft actor asks of the journal under load.</summary>
public sealed class JournalWriteTests
{
    /// <summary>
    /// Readies without events used to wait behind a write with Akka's DeferAsync; a journal batch
    /// of nothing but deferrals reached Akka.Persistence.Sql as an empty write, which throws
    /// "Sequence contains no elements" (hundreds a second under load, each counted against the
    /// journal's circuit breaker: ten in a row would fail the next real write and stop the node).
    /// </summary>
    [Fact]
    public async Task Reads_and_writes_under_load_never_make_the_journal_write_nothing()
    {
        var emptyWrites = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is InvalidOperationException { Message: "Sequence contains no elements" } &&
                e.Exception.StackTrace?.Contains("Journal", StringComparison.Ordinal) != false)
                Interlocked.Increment(ref emptyWrites);
        }

        await using var cluster = RaftTestCluster.Start(3);
        var leader = await cluster.AwaitLeaderAsync();
        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            // Reads keep producing readies without events while proposals keep the journal busy.
            var reads = Enumerable.Range(0, 2000).Select(i => cluster.Nodes[i % 3].Raft!.Ask<ReadResult>(
                new Read(sm => ((TestStateMachine)sm).Applied.Count), TimeSpan.FromSeconds(30)));
            var writes = cluster.WriteManyAsync("w", 2000, concurrency: 100, via: leader);
            await Task.WhenAll(Task.WhenAll(reads), writes);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }
        Assert.Equal(0, emptyWrites);
    }

    /// <summary>
    /// A leader's own write of an entry is not on the commit path once the followers hold it
    /// (thesis §10.2.1), so its answer must not wait for it either: here another writer holds
    /// the leader's SQLite write lock, as a compaction's delete of covered events does.
    /// </summary>
    [Fact]
    public async Task A_leader_whose_journal_is_held_by_another_writer_still_answers_what_the_followers_hold()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var leader = await cluster.AwaitLeaderAsync();
        await cluster.ProposeCommittedAsync("before", leader);

        await using var holder = new SqliteConnection(SqliteStorage.ConnectionString(leader.DatabasePath));
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }
        try
        {
            Assert.IsType<ProposeResult.Applied>(await cluster.ProposeAsync(leader, "while-held"));
        }
        finally
        {
            using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        // Once the lock is gone the leader's write goes through and nothing is out of order.
        await cluster.ProposeCommittedAsync("after", leader);
        await cluster.AwaitAppliedEverywhereAsync(["before", "while-held", "after"]);
    }
}
