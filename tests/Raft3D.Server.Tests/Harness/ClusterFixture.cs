namespace Raft3D.Server.Tests.Harness;

/// <summary>One 3-node cluster shared by the tests of a class that leave it whole.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
