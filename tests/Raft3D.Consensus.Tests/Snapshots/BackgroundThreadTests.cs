using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Tests.Snapshots;

public sealed class BackgroundThreadTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(100)]
    public async Task Work_runs_on_a_thread_of_its_own_paced_to_the_given_share(int percent)
    {
        // Compared with the caller's id while the caller lives: ids of ended threads are reused.
        var callerThread = Environment.CurrentManagedThreadId;
        var (threadId, paced) = await BackgroundThread.Run("test", percent, () => (Environment.CurrentManagedThreadId, CpuPacer.CurrentPercent));

        Assert.NotEqual(callerThread, threadId);
        Assert.Equal(percent, paced);
        Assert.Equal(100, CpuPacer.CurrentPercent); // the caller is not paced
    }

    [Fact]
    public async Task An_exception_of_the_work_fails_the_task()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            BackgroundThread.Run<int>("test", 10, () => throw new InvalidOperationException("bad state")));
        Assert.Equal("bad state", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_share_outside_1_to_100_percent_is_refused_before_any_thread_starts(int percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = BackgroundThread.Run("test", percent, () => 0); });
}
