using Raft3D.Consensus.Core;
using Raft3D.Consensus.Log;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>When committed entries may be applied ahead of this server's journal writes (thesis §10.2.1).</summary>
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
            "events" => [WithEvents()],
            "snapshot" => [Ready(committed: false, installs: true)],
            _ => new List<Ready> { Ready(committed: true, installs: false) },
        };
        Assert.Equal(ahead, ready.MayApplyCommittedAhead(waiting.Count(r => r.HoldsBackLaterApplies)));
    }

    private static Ready Ready(bool committed, bool installs)
    {
        var ready = new Ready();
        if (committed) ready.CommittedEntries.Add(new LogEntry(5, 1, EntryKind.Command, [1]));
        if (installs) ready.InstalledSnapshot = (4, [2]);
        return ready;
    }

    private static Ready WithEvents()
    {
        var ready = new Ready();
        ready.Events.Add(new object());
        return ready;
    }
}
