namespace Raft3D.Server.Tests.Harness;

/// <summary>The test classes that share one 3-node cluster (they leave it whole: all nodes up).</summary>
[CollectionDefinition(Name)]
public sealed class SharedCluster : ICollectionFixture<ClusterFixture>
{
    public const string Name = "shared 3-node cluster";
}
