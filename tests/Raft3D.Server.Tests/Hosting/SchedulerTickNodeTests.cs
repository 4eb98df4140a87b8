using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Raft3D.Server.Tests.Harness;

namespace Raft3D.Server.Tests.Hosting;

/// <summary>A running node's actor system takes its scheduler tick from the Raft tick.</summary>
[Collection(SharedCluster.Name)]
public sealed class SchedulerTickNodeTests(ClusterFixture fixture)
{
    [Fact]
    public void Every_nodes_scheduler_ticks_with_the_default_raft_tick()
    {
        foreach (var node in fixture.Cluster.Nodes)
        {
            var system = node.App!.Services.GetRequiredService<ActorSystem>();
            Assert.Equal(TimeSpan.FromMilliseconds(100), system.Settings.Config.GetTimeSpan("akka.scheduler.tick-duration"));
        }
    }
}
