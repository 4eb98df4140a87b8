using Raft3D.Consensus.Core;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>
/// The typed Ready: when committed entries may be applied ahead of this server's journal writes
/// (thesis §10.2.1), and how the log changes of one step merge into one write.
/// </summary>
public sealed class ReadyTests
{
    [Theory]
    [InlineData(true, false, null, true)]          // committed entries, nothing waiting: apply now
    [InlineData(false, false, null, false)]        // nothing to apply
    [InlineData(true, true, null, false)]          // this ready restores a snapshot first
    [InlineData(true, false, "events", true)]      // behind a write of entries only: a majority holds them
    [InlineData(true, false, "snapshot", false)]   // behind a snapshot still to be restored
    [InlineData(true, false, "held", false)]       // behind committed entries already held back
    public void Committed_entries_apply_ahead_unless_a_snapshot_comes_first(bool committed, bool installs, string? earlier, bool ahead)
    {
        var ready = Ready(committed, installs);
        var waiting = earlier switch
        {
            null => [],
            "events" => [WithEntries()],
            "snapshot" => [Ready(committed: false, installs: true)],
            _ => new List<Ready> { Ready(committed: true, installs: false) },
        };
        Assert.Equal(ahead, ready.MayApplyCommittedAhead(waiting.Count(r => r.HoldsBackLaterApplies)));
    }

    /// <summary>
    /// Each change is "a" (append entries of the given term from an index), "t" (truncate from an
    /// index) or "s" (a snapshot at an index); the ready keeps the truncation point and the entries now after it.
    /// </summary>
    [Theory]
    [InlineData("a5-7", null, "5,6,7", null)]
    [InlineData("a5-6 a7-8", null, "5,6,7,8", null)]                 // appends in one step are one write
    [InlineData("t3", 3L, "", null)]                                  // a truncation alone
    [InlineData("t3 a3-4", 3L, "3,4", null)]                          // §5.3: truncate the conflict, append the leader's
    [InlineData("a5-7 t6", 6L, "5", null)]                            // rewritten within the step: only what is left
    [InlineData("a5-7 t6 a6-6", 6L, "5,6", null)]                     // (the truncation replays harmlessly before them)
    [InlineData("a5-7 t4", 4L, "", null)]                             // below this step's entries: the log's own suffix goes too
    [InlineData("t6 t4", 4L, "", null)]                               // the lowest truncation wins
    [InlineData("a5-7 s9", null, "", 9L)]                             // a snapshot replaces the whole log
    [InlineData("t3 s9 a10-11", null, "10,11", 9L)]                   // entries after the snapshot stay
    public void The_log_changes_of_a_step_merge_into_one_write(string changes, long? truncatedFrom, string entries, long? snapshot)
    {
        var ready = new Ready();
        foreach (var change in changes.Split(' '))
        {
            var range = change[1..].Split('-').Select(long.Parse).ToArray();
            switch (change[0])
            {
                case 'a': ready.Append(Entries(range[0], range[1])); break;
                case 't': ready.Truncate(range[0]); break;
                default: ready.InstallSnapshot(new SnapshotImage(range[0], 1, [], [])); break;
            }
        }
        Assert.Equal(truncatedFrom, ready.TruncatedFrom);
        Assert.Equal(entries, string.Join(",", ready.Entries.Select(e => e.Index)));
        Assert.Equal(snapshot, ready.Snapshot?.Index);
        Assert.True(ready.HasWrite);
    }

    [Fact]
    public void Entries_after_a_gap_are_refused()
    {
        var ready = new Ready();
        ready.Append(Entries(5, 6));
        Assert.Throws<InvalidOperationException>(() => ready.Append(Entries(8, 8)));
    }

    [Fact]
    public void Only_the_latest_hard_state_is_written()
    {
        var ready = new Ready();
        Assert.False(ready.HasWrite);
        ready.SetHardState(2, null);
        ready.SetHardState(2, "a");
        Assert.Equal(new HardState(2, "a"), ready.HardState);
        Assert.True(ready.HasWrite);
        Assert.False(ready.IsEmpty);
    }

    private static List<LogEntry> Entries(long from, long to) =>
        [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => new LogEntry(i, 2, EntryKind.Command, [1]))];

    private static Ready Ready(bool committed, bool installs)
    {
        var ready = new Ready();
        if (committed) ready.CommittedEntries.Add(new LogEntry(5, 1, EntryKind.Command, [1]));
        if (installs) ready.InstallSnapshot(new SnapshotImage(4, 1, [], [2]));
        return ready;
    }

    private static Ready WithEntries()
    {
        var ready = new Ready();
        ready.Append(Entries(6, 6));
        return ready;
    }
}
