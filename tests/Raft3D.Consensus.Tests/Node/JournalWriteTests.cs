using Akka.Actor;
using Microsoft.Data.Sqlite;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;
using Raft3D.Testing;

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
    /// (thesis §10.2.1), so neither its answer nor its next batch may wait for it: here another
    /// writer holds the leader's SQLite write lock, as a compaction's delete of covered events does,
    /// while one client writes one command after another.
    /// </summary>
    [Fact]
    public async Task A_leader_whose_journal_is_held_by_another_writer_still_answers_what_the_followers_hold()
    {
        await using var cluster = RaftTestCluster.Start(3);
        var leader = await cluster.AwaitLeaderAsync();
        await cluster.ProposeCommittedAsync("before", leader);

        string[] held = ["while-held-1", "while-held-2", "while-held-3"];
        var holder = HoldWriteLock(leader.DatabasePath);
        try
        {
            foreach (var command in held)
                Assert.IsType<ProposeResult.Applied>(await cluster.ProposeAsync(leader, command));
        }
        finally
        {
            Release(holder);
        }

        // Once the lock is gone the leader's writes go through and nothing is out of order.
        await cluster.ProposeCommittedAsync("after", leader);
        await cluster.AwaitAppliedEverywhereAsync(["before", .. held, "after"]);
    }

    /// <summary>
    /// A leader holds what arrives while its last batch awaits its commit and sends it as the next
    /// batch (group commit); the commit a follower's answer brings must start that batch, even
    /// when nothing else arrives. Here the followers' journals are held, so the first proposal
    /// cannot commit while the second arrives. (Followers answer heartbeats only behind their
    /// held writes, so check-quorum would depose a leader that waited long on a loaded machine.)
    /// </summary>
    [Fact]
    public async Task A_proposal_held_behind_an_uncommitted_batch_goes_out_once_that_batch_commits()
    {
        await using var cluster = RaftTestCluster.Start(3, options: RaftTestCluster.Options with { CheckQuorum = false });
        var leader = await cluster.AwaitLeaderAsync();
        await cluster.ProposeCommittedAsync("before", leader);
        var followers = cluster.Nodes.Where(n => n != leader).ToList();

        var holders = followers.Select(f => HoldWriteLock(f.DatabasePath)).ToList();
        Task<ProposeResult> first, second;
        try
        {
            var lastIndex = (await leader.StatusAsync()).LastLogIndex;
            first = cluster.ProposeAsync(leader, "first");
            var afterFirst = await Eventually.Get(async () => (await leader.StatusAsync()) is { } s && s.LastLogIndex > lastIndex ? s : null,
                RaftTestCluster.Patience, "the first proposal appended");
            second = cluster.ProposeAsync(leader, "second");
            // The leader's mailbox is FIFO: once this status comes back, the second proposal has been
            // handled, and once the next one does, so has the batch flush that proposal scheduled.
            await leader.StatusAsync();
            var status = await leader.StatusAsync();
            Assert.True(status.CommitIndex < status.LastLogIndex, "the first batch must still be uncommitted");
            Assert.Equal(afterFirst.LastLogIndex, status.LastLogIndex); // the second is gathered, not sent
        }
        finally
        {
            foreach (var holder in holders) Release(holder);
        }

        Assert.IsType<ProposeResult.Applied>(await first);
        Assert.IsType<ProposeResult.Applied>(await second);
        await cluster.AwaitAppliedEverywhereAsync(["before", "first", "second"]);
    }

    /// <summary>Takes a node's SQLite write lock, as another writer (a compaction's delete) does.</summary>
    private static SqliteConnection HoldWriteLock(string databasePath)
    {
        var holder = new SqliteConnection(SqliteStorage.ConnectionString(databasePath));
        holder.Open();
        using var begin = holder.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();
        return holder;
    }

    private static void Release(SqliteConnection holder)
    {
        using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }
        holder.Dispose();
    }
}
