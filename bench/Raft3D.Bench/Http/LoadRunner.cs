using System.Diagnostics;

namespace Raft3D.Bench.Http;

/// <summary>
/// Drives a workload closed-loop (N clients, each sends its next request when the previous one
/// is answered) or open-loop (requests arrive at a fixed rate whatever the answers do, and
/// latency counts from the intended send time, so queueing shows instead of being hidden).
/// Requests started during the warm-up are not measured.
/// </summary>
public static class LoadRunner
{
    /// <summary>Request numbers, unique over every run of this process (writes derive their ids from them).</summary>
    private static long _sequence;

    public static async Task<LoadResult> ClosedLoopAsync(IWorkload workload, int clients, TimeSpan warmup, TimeSpan duration)
    {
        var recorder = new LatencyRecorder();
        var measureStart = Stopwatch.GetTimestamp() + Ticks(warmup);
        var measureEnd = measureStart + Ticks(duration);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                if (started >= measureEnd) break;
                var outcome = await workload.ExecuteAsync(Interlocked.Increment(ref _sequence), client, CancellationToken.None);
                if (started >= measureStart) Count(recorder, outcome, Stopwatch.GetElapsedTime(started));
                // A refused connection fails at once: don't spin on it.
                if (outcome == RequestOutcome.Refused) await Task.Delay(10);
            }
        })));
        return new LoadResult(recorder, null, 0, duration);
    }

    public static async Task<LoadResult> OpenLoopAsync(IWorkload workload, int ratePerSecond, TimeSpan warmup, TimeSpan duration, int maxInFlight)
    {
        var recorder = new LatencyRecorder();
        var service = new LatencyRecorder();
        var interval = Stopwatch.Frequency / (double)ratePerSecond;
        var total = (long)((warmup + duration).TotalSeconds * ratePerSecond);
        var warmupArrivals = (long)(warmup.TotalSeconds * ratePerSecond);
        var start = Stopwatch.GetTimestamp();
        long inFlight = 0, dropped = 0;
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long arrival = 0;

        async Task Fire(long n, long intended)
        {
            try
            {
                var sent = Stopwatch.GetTimestamp();
                var outcome = await workload.ExecuteAsync(Interlocked.Increment(ref _sequence), (int)(n % 4096), CancellationToken.None);
                if (n >= warmupArrivals)
                {
                    Count(recorder, outcome, Stopwatch.GetElapsedTime(intended));
                    if (outcome == RequestOutcome.Succeeded) service.Record(sent);
                }
            }
            finally
            {
                if (Interlocked.Decrement(ref inFlight) == 0 && Volatile.Read(ref arrival) >= total) drained.TrySetResult();
            }
        }

        // A dedicated thread sends every arrival that is due, then sleeps until the next one (at
        // most 1 ms at a time); each latency still counts from that arrival's own intended time.
        Interlocked.Increment(ref inFlight); // the dispatcher's own hold, released below
        var dispatcher = new Thread(() =>
        {
            while (Volatile.Read(ref arrival) < total)
            {
                var now = Stopwatch.GetTimestamp();
                var due = Math.Min(total, (long)((now - start) / interval) + 1);
                for (; arrival < due; arrival++)
                {
                    if (Interlocked.Read(ref inFlight) > maxInFlight)
                    {
                        if (arrival >= warmupArrivals) dropped++;
                        continue;
                    }
                    Interlocked.Increment(ref inFlight);
                    var n = arrival;
                    ThreadPool.UnsafeQueueUserWorkItem(_ => _ = Fire(n, start + (long)(n * interval)), null);
                }
                if (arrival < total)
                {
                    var next = start + (long)(arrival * interval);
                    PreciseSleep.For(TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerMillisecond,
                        (long)((next - Stopwatch.GetTimestamp()) * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency))));
                }
            }
            if (Interlocked.Decrement(ref inFlight) == 0) drained.TrySetResult();
        }) { IsBackground = true, Name = "open-loop dispatcher", Priority = ThreadPriority.AboveNormal };
        dispatcher.Start();
        await drained.Task;
        for (var i = 0; i < dropped; i++) recorder.Error();
        return new LoadResult(recorder, service, dropped, duration);
    }

    private static void Count(LatencyRecorder recorder, RequestOutcome outcome, TimeSpan latency)
    {
        switch (outcome)
        {
            case RequestOutcome.Succeeded: recorder.Record(latency); break;
            case RequestOutcome.Unknown: recorder.OutcomeUnknown(); break;
            default: recorder.Error(); break;
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
