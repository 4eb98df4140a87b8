namespace Raft3D.Server.Tests.Harness;

/// <summary>Polls a condition until it holds or a deadline passes (never a fixed sleep).</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } value) return value;
            }
            catch (Exception e)
            {
                last = e;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}", last);
    }

    public static Task True(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Get<object>(async () => await condition() ? new object() : null, timeout, what);
}
