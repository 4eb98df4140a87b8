using System.Diagnostics;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Tests.Snapshots;

public sealed class CpuPacerTests
{
    [Theory]
    [InlineData(2, 100, 0)]
    [InlineData(2, 50, 2)]
    [InlineData(2, 20, 8)]
    [InlineData(3, 25, 9)]
    [InlineData(2, 1, 198)]
    public void The_sleep_after_a_slice_leaves_work_its_share(int workedMs, int percent, int sleepMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(sleepMs), CpuPacer.SleepAfter(TimeSpan.FromMilliseconds(workedMs), percent));

    [Fact]
    public async Task A_paced_thread_sleeps_four_times_what_it_worked_at_20_percent()
    {
        // Thread.Sleep never returns early, so whatever the load the time spent in Pace is at
        // least four times the work of every finished slice; an unpaced thread spends ~none.
        var (worked, slept) = await BackgroundThread.Run("test", 20, () =>
        {
            var work = new Stopwatch();
            var pacing = new Stopwatch();
            while (work.Elapsed < TimeSpan.FromMilliseconds(60))
            {
                work.Start();
                Thread.SpinWait(1_000);
                work.Stop();
                pacing.Start();
                CpuPacer.Pace();
                pacing.Stop();
            }
            return (work.Elapsed, pacing.Elapsed);
        });

        Assert.True(slept >= 4 * (worked - 2 * CpuPacer.Slice), $"worked {worked.TotalMilliseconds:0} ms, slept {slept.TotalMilliseconds:0} ms");
    }
}
