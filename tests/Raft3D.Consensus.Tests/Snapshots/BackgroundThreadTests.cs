using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Tests.Snapshots;

public sealed class BackgroundThreadTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(BackgroundThread.MaxNiceness)]
    public async Task Work_runs_on_its_own_thread_that_much_nicer_than_the_caller(int niceness)
    {
        var caller = BackgroundThread.CurrentNiceness();
        Assert.NotNull(caller); // Linux: the servers' only platform

        var (threadId, ran) = await BackgroundThread.Run("test", niceness, () => (Environment.CurrentManagedThreadId, BackgroundThread.CurrentNiceness()));

        Assert.NotEqual(Environment.CurrentManagedThreadId, threadId);
        Assert.Equal(Math.Min(BackgroundThread.MaxNiceness, caller.Value + niceness), ran);
        Assert.Equal(caller, BackgroundThread.CurrentNiceness());
    }

    [Fact]
    public async Task An_exception_of_the_work_fails_the_task()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            BackgroundThread.Run<int>("test", 10, () => throw new InvalidOperationException("bad state")));
        Assert.Equal("bad state", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(20)]
    public void A_niceness_outside_0_to_19_is_refused_before_any_thread_starts(int niceness) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = BackgroundThread.Run("test", niceness, () => 0); });
}
