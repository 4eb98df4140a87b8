namespace Raft3D.Consensus.Tests.Diagnostics;

/// <summary>
/// Tests that listen to every "Raft3D.Raft" meter in the process run alone: other test
/// clusters use the same node ids (n1, n2, ...) and would add to the same series.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Raft metrics (alone)";
}
