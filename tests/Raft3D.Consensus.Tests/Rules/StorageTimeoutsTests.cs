using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>The journal's timeouts must nest (SQLite gives up first), and when a lasting fault makes the node give up.</summary>
public sealed class StorageTimeoutsTests
{
    [Theory]
    [InlineData(4000, 10000, true)]    // the defaults: 4 s + up to 4 s of driver retries < 10 s
    [InlineData(500, 2000, true)]      // 1 s of retries + 0.5 s
    [InlineData(5000, 10000, false)]   // 5 + 5 = 10 s: not below the call timeout
    [InlineData(8000, 10000, false)]   // a busy timeout that looks below the call timeout, but retries double it
    [InlineData(30000, 10000, false)]  // the plugin's old pairing: SQLite outlasted the journal's call
    [InlineData(0, 10000, false)]
    public void SQLite_must_give_up_on_a_lock_before_the_journal_call_times_out(int busyMs, int callMs, bool fits)
    {
        var problem = StorageTimeouts.Check(TimeSpan.FromMilliseconds(busyMs), TimeSpan.FromMilliseconds(callMs), TimeSpan.FromSeconds(5));

        Assert.Equal(fits, problem is null);
    }

    [Theory]
    [InlineData(300, 1)]
    [InlineData(1000, 1)]
    [InlineData(1500, 2)]
    [InlineData(4000, 4)]
    public void The_driver_retries_for_the_busy_timeout_rounded_up_to_seconds(int busyMs, int seconds) =>
        Assert.Equal(seconds, StorageTimeouts.CommandTimeoutSeconds(TimeSpan.FromMilliseconds(busyMs)));

    [Theory]
    [InlineData(null, 100, 60, false)]  // no fault
    [InlineData(0, 59, 60, false)]      // failing, not yet long enough
    [InlineData(0, 60, 60, true)]
    [InlineData(10, 100, 60, true)]
    public void A_node_gives_up_once_one_fault_lasts_past_the_bound(int? sinceSeconds, int nowSeconds, int boundSeconds, bool givesUp)
    {
        var start = DateTimeOffset.UnixEpoch;
        var fault = sinceSeconds is { } since ? new JournalFault(start.AddSeconds(since), "locked", 3) : null;

        Assert.Equal(givesUp, JournalHealth.ShouldGiveUp(fault, start.AddSeconds(nowSeconds), TimeSpan.FromSeconds(boundSeconds)));
    }

    [Fact]
    public void A_write_that_succeeds_ends_the_fault_and_a_new_fault_starts_its_own_clock()
    {
        var clock = new ManualClock();
        var health = new JournalHealth(clock);
        health.Failed("writing", new IOException("disk full"));
        clock.Advance(TimeSpan.FromSeconds(5));
        health.Failed("writing", new IOException("disk full"));
        Assert.Equal(2, health.Fault!.Failures);
        Assert.Equal(DateTimeOffset.UnixEpoch, health.Fault.Since);

        health.Wrote();
        Assert.Null(health.Fault);
        health.Failed("reading", new InvalidOperationException("outer", new IOException("I/O error")));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(5), health.Fault!.Since);
        Assert.Equal("reading: IOException: I/O error", health.Fault.LastError);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
