using Raft3D.Server.Api.Models;
using Raft3D.Server.Events;

namespace Raft3D.Server.Tests.Events;

public sealed class FarmEventWindowTests
{
    private static FarmEvent Change(long index) => new(index, "printer.created", new PrinterView($"p{index}", "Prusa", "MK4", index), $"p{index}", null);

    private static FarmEventWindow Filled(int capacity, params long[] indexes)
    {
        var window = new FarmEventWindow(capacity);
        foreach (var index in indexes) window.Applied(index, Change(index));
        return window;
    }

    // capacity, applied indexes, read after, expected: gone, or the indexes returned
    [Theory]
    [InlineData(4, new long[] { 1, 2, 3 }, 0, false, new long[] { 1, 2, 3 })]
    [InlineData(4, new long[] { 1, 2, 3 }, 2, false, new long[] { 3 })]
    [InlineData(4, new long[] { 1, 2, 3 }, 3, false, new long[0])]
    [InlineData(4, new long[] { 1, 2, 3 }, 9, false, new long[0])] // ahead of this node: wait
    [InlineData(2, new long[] { 1, 2, 3 }, 0, true, new long[0])] // 1 left the window
    [InlineData(2, new long[] { 1, 2, 3 }, 1, false, new long[] { 2, 3 })]
    [InlineData(3, new long[] { 2, 5, 7, 8 }, 2, false, new long[] { 5, 7, 8 })] // gaps: refusals, configuration entries
    [InlineData(3, new long[] { 2, 5, 7, 8 }, 4, false, new long[] { 5, 7, 8 })]
    [InlineData(3, new long[] { 2, 5, 7, 8 }, 1, true, new long[0])]
    public void Read_returns_the_events_after_the_index_or_gone(int capacity, long[] applied, long after, bool gone, long[] expected)
    {
        var read = Filled(capacity, applied).Read(after, 100);
        Assert.Equal(gone, read.Gone);
        Assert.Equal(expected, read.Events.Select(e => e.Index));
    }

    [Fact]
    public void Read_returns_at_most_max_events()
    {
        var read = Filled(10, 1, 2, 3, 4, 5).Read(1, 2);
        Assert.Equal([2L, 3L], read.Events.Select(e => e.Index));
    }

    [Fact]
    public void An_index_seen_before_gives_no_second_event()
    {
        var window = Filled(10, 1, 2, 3);
        // The Raft actor restarted from a snapshot at 1 and re-applies 2 and 3.
        window.Restored(1);
        window.Applied(2, Change(2));
        window.Applied(3, Change(3));
        window.Applied(4, Change(4));
        Assert.Equal([1L, 2L, 3L, 4L], window.Read(0, 100).Events.Select(e => e.Index));
    }

    [Fact]
    public void A_snapshot_past_the_last_index_drops_everything_before_it()
    {
        var window = Filled(10, 1, 2, 3);
        window.Restored(8);
        Assert.True(window.Read(3, 100).Gone);
        Assert.Equal(8, window.Floor);
        Assert.Equal(8, window.Last);
        window.Applied(9, Change(9));
        Assert.Equal([9L], window.Read(8, 100).Events.Select(e => e.Index));
    }

    [Fact]
    public void Applies_without_a_change_move_the_last_index_only()
    {
        var window = Filled(10, 1);
        window.Applied(2, null);
        Assert.Equal(2, window.Last);
        Assert.Empty(window.Read(1, 100).Events);
    }

    [Fact]
    public async Task A_change_completes_the_readers_wait()
    {
        var window = Filled(10, 1);
        var read = window.Read(1, 100);
        Assert.False(read.Changed.IsCompleted);
        window.Applied(2, Change(2));
        await read.Changed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void An_event_for_another_index_is_refused() =>
        Assert.Throws<ArgumentException>(() => new FarmEventWindow(2).Applied(3, Change(4)));

    // applied, compacted to, read after -> gone, or the indexes returned
    [Theory]
    [InlineData(new long[] { 1, 2, 3, 4 }, 2, 1, true, new long[0])]
    [InlineData(new long[] { 1, 2, 3, 4 }, 2, 2, false, new long[] { 3, 4 })]
    [InlineData(new long[] { 1, 2, 3, 4 }, 4, 4, false, new long[0])]
    [InlineData(new long[] { 1, 2 }, 6, 2, true, new long[0])] // configuration entries after the last command
    [InlineData(new long[] { 1, 2 }, 6, 6, false, new long[0])]
    public void Compaction_forgets_what_the_log_no_longer_holds(long[] applied, long compactedTo, long after, bool gone, long[] expected)
    {
        var window = Filled(10, applied);
        window.Compacted(compactedTo);
        var read = window.Read(after, 100);
        Assert.Equal(gone, read.Gone);
        Assert.Equal(expected, read.Events.Select(e => e.Index));
        Assert.False(window.Read(window.Last, 100).Gone, "a stream from the last index (no since) must start");
    }
}
