using Raft3D.Consensus.Core;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Snapshots;
using Raft3D.Consensus.Tests.Rules;

namespace Raft3D.Consensus.Tests.Storage;

/// <summary>The typed Ready to journal events, and journal events back to a core: the one mapping between them.</summary>
public sealed class JournalEventsTests
{
    private static readonly RaftOptions Options = new();

    [Fact]
    public void The_hard_state_is_written_before_the_log_changes_and_the_truncation_before_the_entries()
    {
        var ready = new Ready();
        ready.InstallSnapshot(new SnapshotImage(9, 2, ConfigurationCodec.Encode(ManualCluster.Configuration("a")), [7]));
        ready.Append([new LogEntry(10, 3, EntryKind.NoOp, LogEntry.Empty), new LogEntry(11, 3, EntryKind.NoOp, LogEntry.Empty)]);
        ready.Truncate(11);
        ready.SetHardState(3, "a");

        Assert.Equal(["HardState(term 3, vote a)", "SnapshotInstalled", "Truncated(from 11)", "Appended(10@3 NoOp)"],
            JournalEvents.Of(ready).Select(e => e is SnapshotInstalled ? "SnapshotInstalled" : Journal.Describe(e)));
    }

    [Fact]
    public void A_ready_without_a_write_has_no_events()
    {
        var ready = new Ready { SnapshotRequested = true };
        Assert.Empty(JournalEvents.Of(ready));
    }

    /// <summary>
    /// What the core wrote, replayed, is what it holds: a follower whose suffix conflicts with
    /// the new leader's truncates it and appends the leader's entry (§5.3), in a higher term.
    /// </summary>
    [Fact]
    public void Replaying_what_a_core_wrote_recovers_its_term_vote_and_log()
    {
        var configuration = ManualCluster.Configuration("a", "b", "c");
        var journal = new List<object>
        {
            new HardStateChanged(2, "b"),
            new EntriesAppended([new LogEntry(1, 1, EntryKind.Configuration, ConfigurationCodec.Encode(configuration)), .. Logs.Entries(2, 2, 2)]),
        };
        var b = Recover(journal).Start("b", Options, new Random(1));
        b.Step(new AppendEntries(3, "a", 1, 1, [new LogEntry(2, 3, EntryKind.NoOp, LogEntry.Empty)], 1, 1));
        journal.AddRange(JournalEvents.Of(b.TakeReady()));

        var restarted = Recover(journal).Start("b", Options, new Random(2));

        Assert.Equal((b.Term, b.VotedFor), (restarted.Term, restarted.VotedFor));
        Assert.Equal(b.LogSuffix(), restarted.LogSuffix());
        Assert.Equal([1L, 3L], restarted.LogSuffix().Select(e => e.Term));
        Assert.Equal(configuration, restarted.Configuration);
    }

    [Theory]
    [InlineData("a1-4", 0L, "1-4")]
    [InlineData("a1-4 t3", 0L, "1-2")]
    [InlineData("a1-4 a3-5", 0L, "1-5")]          // an overlap rewrites the suffix
    [InlineData("a1-4 s6 a5-8", 6L, "7-8")]       // entries a snapshot covers are skipped
    [InlineData("a1-4 s3", 3L, "")]               // a snapshot replaces the whole log
    [InlineData("s3 a4-6 t2", 3L, "4-6")]         // a truncation the snapshot covers is void
    [InlineData("s5 a6-6 t6", 5L, "")]
    public void Recovery_replays_appends_truncations_and_snapshots_in_order(string events, long snapshotIndex, string log)
    {
        var recovered = new RecoveredState();
        foreach (var e in events.Split(' '))
        {
            var range = e[1..].Split('-').Select(long.Parse).ToArray();
            object @event = e[0] switch
            {
                'a' => new EntriesAppended(Logs.Entries(range[0], Enumerable.Repeat(1L, (int)(range[1] - range[0] + 1)).ToArray())),
                't' => new LogTruncated(range[0]),
                _ => new SnapshotInstalled(range[0], 1, ConfigurationCodec.Encode(ManualCluster.Configuration("a")), [1]),
            };
            JournalEvents.Replay(recovered, @event);
        }
        Assert.Equal(snapshotIndex, recovered.SnapshotIndex);
        Assert.Equal(log, recovered.LastIndex < recovered.FirstIndex ? "" : $"{recovered.FirstIndex}-{recovered.LastIndex}");
    }

    [Fact]
    public void A_saved_snapshot_brings_term_vote_state_and_the_log_after_it()
    {
        var recovered = new RecoveredState();
        var configuration = ManualCluster.Configuration("a", "b");
        JournalEvents.Replay(recovered, new RaftSnapshot(5, 2, ConfigurationCodec.Encode(configuration), [9], 3, "b", Logs.Entries(6, 3, 3)));

        Assert.Equal((3L, "b", 5L, 7L), (recovered.Term, recovered.VotedFor, recovered.SnapshotIndex, recovered.LastIndex));
        Assert.Equal([9], recovered.SnapshotData!.ToArray());
        var core = recovered.Start("a", Options, new Random(1));
        Assert.Equal(configuration, core.Configuration);
        Assert.Throws<InvalidOperationException>(() => recovered.Start("a", Options, new Random(1)));
    }

    [Fact]
    public void A_snapshot_in_segments_is_loaded_before_the_core_starts_and_only_the_latest_ones()
    {
        var recovered = new RecoveredState();
        var configuration = ConfigurationCodec.Encode(ManualCluster.Configuration("a"));
        JournalEvents.Replay(recovered, new RaftSnapshot(5, 2, configuration, [], 3, null, [], new SnapshotSegments(1, 2, 40)));
        JournalEvents.Replay(recovered, new SnapshotInstalled(9, 3, configuration, [], new SnapshotSegments(3, 4, 70)));

        Assert.Equal(new SnapshotSegments(3, 4, 70), recovered.PendingSegments);
        Assert.Null(recovered.SnapshotData);
        Assert.Equal(7, recovered.NextSegment);
        Assert.Throws<InvalidOperationException>(() => recovered.Start("a", Options, new Random(1)));
        Assert.Throws<InvalidDataException>(() => recovered.SegmentsLoaded(SnapshotData.Of(new byte[69])));

        recovered.SegmentsLoaded(SnapshotData.Of(new byte[70]));
        Assert.Equal(70, recovered.SnapshotData!.Length);
        Assert.Equal(9, recovered.Start("a", Options, new Random(1)).SnapshotIndex);
    }

    [Fact]
    public void A_snapshot_in_one_record_after_one_in_segments_needs_no_loading_and_keeps_the_numbers_going()
    {
        var recovered = new RecoveredState();
        var configuration = ConfigurationCodec.Encode(ManualCluster.Configuration("a"));
        JournalEvents.Replay(recovered, new SnapshotInstalled(9, 3, configuration, [], new SnapshotSegments(3, 4, 70)));
        JournalEvents.Replay(recovered, new SnapshotInstalled(12, 3, configuration, [1, 2]));

        Assert.Null(recovered.PendingSegments);
        Assert.Equal([1, 2], recovered.SnapshotData!.ToArray());
        Assert.Equal(7, recovered.NextSegment);
    }

    private static RecoveredState Recover(IEnumerable<object> journal)
    {
        var recovered = new RecoveredState();
        foreach (var @event in journal) JournalEvents.Replay(recovered, @event);
        return recovered;
    }
}
