using Akka.Actor;
using Raft3D.Consensus.Node;

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
}
