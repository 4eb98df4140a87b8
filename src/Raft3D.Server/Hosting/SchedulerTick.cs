using System.Globalization;

namespace Raft3D.Server.Hosting;

/// <summary>
/// The resolution of Akka's scheduler, from the Raft tick. Akka.NET's scheduler is a hashed
/// wheel driven by a periodic timer on the thread pool; at its default 10 ms it wakes a pool
/// thread 100 times a second on an idle node, and each wake-up spins before the thread sleeps
/// again. Raft needs no finer timing than its own tick (election timeouts and heartbeats are
/// counted in ticks, Raft thesis §3.4), and a periodic timer on a wheel of the same resolution
/// still fires once per tick on average. An idle cluster measured side by side used about half
/// the CPU per node (docs/benchmarks.md). hocon/ or -config may still set akka.scheduler.tick-duration.
/// </summary>
public static class SchedulerTick
{
    /// <summary>Below this the wheel would spin more than Akka's default; above it, timeouts of Akka's own (remoting's retry gate, back-offs) get coarse.</summary>
    private static readonly TimeSpan Finest = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan Coarsest = TimeSpan.FromMilliseconds(100);

    /// <summary>The scheduler's tick: the Raft tick, kept between Akka's default and 100 ms.</summary>
    public static TimeSpan For(TimeSpan raftTick) => raftTick < Finest ? Finest : raftTick > Coarsest ? Coarsest : raftTick;

    public static string Hocon(TimeSpan raftTick) =>
        $"akka.scheduler.tick-duration = {((long)For(raftTick).TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms";
}
