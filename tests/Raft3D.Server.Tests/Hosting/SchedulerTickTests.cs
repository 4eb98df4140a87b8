using Akka.Configuration;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Tests.Hosting;

public sealed class SchedulerTickTests
{
    [Theory]
    [InlineData(100, 100)] // the default Raft tick: one wheel tick per Raft tick, not ten
    [InlineData(50, 50)]
    [InlineData(20, 20)]
    [InlineData(5, 10)] // never finer than Akka's own default
    [InlineData(1, 10)]
    [InlineData(200, 100)] // never so coarse that remoting's retry gate and back-offs drift far
    public void Scheduler_ticks_with_the_raft_tick_between_10_and_100_ms(int raftTickMs, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), SchedulerTick.For(TimeSpan.FromMilliseconds(raftTickMs)));

    [Fact]
    public void Hocon_sets_akkas_tick_duration() =>
        Assert.Equal(TimeSpan.FromMilliseconds(20),
            ConfigurationFactory.ParseString(SchedulerTick.Hocon(TimeSpan.FromMilliseconds(20))).GetTimeSpan("akka.scheduler.tick-duration"));
}
