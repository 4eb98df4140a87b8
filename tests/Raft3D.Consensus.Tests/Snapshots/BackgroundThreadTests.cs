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

        // Compared with the caller's id while the caller lives: ids of ended threads are reused.
        var callerThread = Environment.CurrentManagedThreadId;
        var (threadId, ran) = await BackgroundThread.Run("test", niceness, () => (Environment.CurrentManagedThreadId, BackgroundThread.CurrentNiceness()));

        Assert.NotEqual(callerThread, threadId);
        Assert.Equal(Math.Min(BackgroundThread.MaxNiceness, caller.Value + niceness), ran);
        Assert.Equal(caller, BackgroundThread.CurrentNiceness());
    }

    [Fact]
    public async Task Threads_the_pool_starts_meanwhile_keep_the_callers_priority()
    {
        // A Linux thread inherits its creator's niceness: were the pool to start a thread on the
        // nice thread that completes a task, that pool thread would serve requests nice for good.
        var caller = BackgroundThread.CurrentNiceness()!.Value;
        var seen = new System.Collections.Concurrent.ConcurrentBag<int?>();
        // Below its minimum the pool starts a thread at once, on the thread that queues the work.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(workers + 64, completionPorts);
        try
        {
        var runs = Enumerable.Range(0, 64).Select(_ => BackgroundThread.Run("test", BackgroundThread.MaxNiceness, () =>
        {
            Thread.SpinWait(10_000);
            return 0;
        }).ContinueWith(_ =>
        {
            // Blocking continuations make the pool start threads while the work completes.
            seen.Add(BackgroundThread.CurrentNiceness());
            Thread.Sleep(20);
        }, TaskScheduler.Default)).ToArray();
        await Task.WhenAll(runs);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completionPorts);
        }

        Assert.Equal(64, seen.Count);
        Assert.All(seen, niceness => Assert.Equal(caller, niceness));
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
