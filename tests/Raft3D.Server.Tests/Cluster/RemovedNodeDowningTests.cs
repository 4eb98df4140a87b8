using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Cluster;

/// <summary>
/// A removed node is kept in the Akka cluster while it runs (so that it can be added back, see
/// <see cref="ReAddTests"/>), and downed once it is gone: otherwise the others would watch for
/// it for good and their Akka cluster would never converge again. Real processes, so that the
/// node can die without leaving.
/// </summary>
public sealed class RemovedNodeDowningTests : IAsyncLifetime
{
    private readonly ProcessCluster _cluster = new();

    public Task InitializeAsync() => _cluster.BootstrapAsync("n1", "n2", "n3");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_removed_node_that_dies_is_downed_once_unreachable()
    {
        var leader = await ProcessCluster.LeaderAsync(_cluster.Nodes);
        await Eventually.True(async () => (await leader.StatusAsync()).GetProperty("members").EnumerateArray().All(m => m.GetProperty("healthy").GetBoolean()),
            TimeSpan.FromSeconds(30), "every member healthy in the leader's view");
        var removed = _cluster.Nodes.First(n => n != leader);

        var others = _cluster.Nodes.Where(n => n != removed).ToList();
        await ProcessCluster.RemoveServerAsync(_cluster.Nodes, removed.Id);
        // Logged by the leader that committed the removal: under load, maybe not the first one.
        await Eventually.True(() => Task.FromResult(others.Any(n => NodeLog.Read(n.LogFile).Contains($"Server {removed.Id} was removed but still runs", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), () => $"{removed.Id} kept in the Akka cluster while it runs", TimeSpan.FromMilliseconds(200));
        await removed.KillAsync();

        var removedInAkka = $"Leader is removing unreachable node [akka.tcp://raft3d@{removed.RaftAddress}]";
        await Eventually.True(() => Task.FromResult(others.Any(n => NodeLog.Read(n.LogFile).Contains(removedInAkka, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(60), () => $"Akka to down and remove {removed.Id}", TimeSpan.FromMilliseconds(200));
    }
}
