using Raft3D.Server.Tests.Harness;

namespace Raft3D.Server.Tests.Events;

/// <summary>A 3-node cluster for the event stream tests, with a 1 s keep-alive so an idle stream shows one soon.</summary>
public sealed class EventClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Cluster = await TestCluster.StartAsync(3, "raft3d.events { window = 5000, keep-alive = 1s }");

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
