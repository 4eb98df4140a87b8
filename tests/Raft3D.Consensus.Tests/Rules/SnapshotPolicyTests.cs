using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>When a node compacts its log (§7): past a count of applied entries or of their bytes.</summary>
public sealed class SnapshotPolicyTests
{
    [Theory]
    [InlineData(0, 0, 10, 1000, false)]        // nothing applied past the snapshot
    [InlineData(9, 999, 10, 1000, false)]      // below both bounds
    [InlineData(10, 5, 10, 1000, true)]        // the entry bound
    [InlineData(3, 1000, 10, 1000, true)]      // the byte bound: a few big commands
    [InlineData(3, 1_000_000, 10, 0, false)]   // 0: no byte bound
    [InlineData(0, 5000, 10, 1000, false)]     // bytes but nothing applied (cannot snapshot)
    public void Is_due_past_either_bound(long entries, long bytes, long thresholdEntries, long thresholdBytes, bool due) =>
        Assert.Equal(due, SnapshotPolicy.IsDue(entries, bytes, thresholdEntries, thresholdBytes));
}
