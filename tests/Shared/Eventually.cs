namespace Raft3D.Testing;

/// <summary>
/// Polls until a condition holds or a deadline passes: tests and the chaos tool wait for a
/// state, never for a fixed time. One copy, linked into every test project.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>The probe's first non-null answer; a probe that throws counts as "not yet" (the last error is kept for the timeout).</summary>
    public static async Task<T> Get<T>(Func<Task<T?>> probe, TimeSpan timeout, Func<string> what,
        TimeSpan? interval = null, CancellationToken cancellationToken = default) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await probe() is { } value) return value;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                last = e;
            }
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what()}", last);
            await Task.Delay(interval ?? DefaultInterval, cancellationToken);
        }
    }

    public static Task<T> Get<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class =>
        Get(probe, timeout, () => what);

    public static Task True(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what,
        TimeSpan? interval = null, CancellationToken cancellationToken = default) =>
        Get<object>(async () => await condition() ? new object() : null, timeout, what, interval, cancellationToken);

    public static Task True(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        True(condition, timeout, () => what);
}
