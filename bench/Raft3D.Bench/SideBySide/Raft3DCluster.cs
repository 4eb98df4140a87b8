using Raft3D.Bench.Http;

namespace Raft3D.Bench.SideBySide;

/// <summary>Three Raft3D server processes (<see cref="LocalCluster"/>) with their own client, plain or with TLS and API keys.</summary>
public sealed class Raft3DCluster(string name, LocalCluster cluster, ClusterClient client) : IBenchedCluster
{
    public string Name { get; } = name;

    public static async Task<Raft3DCluster> StartAsync(string name, HttpBenchOptions options, bool secure, int maxClients)
    {
        options = options with { RunFolder = LocalCluster.RunFolder(options) };
        var files = secure ? SecureFiles.Create(Path.Combine(options.RunFolder!, "secure")) : null;
        var client = new ClusterClient(options.RequestTimeout, maxClients + 16, files?.ForClient);
        try
        {
            return new Raft3DCluster(name, await LocalCluster.StartAsync(options, client, files), client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public IReadOnlyList<TimeSpan> NodeCpuTimes() => cluster.Nodes.Select(n => n.CpuTime()).ToList();

    public async Task<IWorkload> WritesAsync(string tag) => new PrinterWrites(client, await LeaderAsync(), tag);

    public async Task<IWorkload> ReadsAsync(string tag, int keys)
    {
        var leader = await LeaderAsync();
        var ids = await PrinterReads.CreatePrintersAsync(client, leader.HttpAddresses[0], tag, keys);
        return new PrinterReads(client, leader, ids, local: false);
    }

    public async Task<IWorkload> FollowerWritesAsync(string tag) =>
        new PrinterWrites(client, new TargetSet([(await FollowerAsync()).HttpAddress], client.Scheme), tag);

    public async Task<TimeSpan> RestartFollowerAsync()
    {
        var follower = await FollowerAsync();
        await follower.TerminateAsync(TimeSpan.FromSeconds(60));
        return await follower.StartUntilReadyAsync(client, TimeSpan.FromMinutes(2));
    }

    /// <summary>The first node, in start order, that is not the leader.</summary>
    private async Task<NodeProcess> FollowerAsync()
    {
        var leader = (await LeaderAsync()).HttpAddresses[0];
        return cluster.Nodes.First(n => n.HttpAddress != leader);
    }

    public async Task<long?> LeaderAllocatedBytesAsync()
    {
        var leader = await LeaderAsync();
        return await client.AllocatedBytesAsync(leader.HttpAddresses[0]);
    }

    private async Task<TargetSet> LeaderAsync()
    {
        LeaderInfo? leader = null;
        await client.WaitAsync(TimeSpan.FromSeconds(30), $"a {Name} leader", async () => (leader = await client.FindLeaderAsync(cluster.HttpAddresses)) is not null);
        return new TargetSet([leader!.HttpAddress], client.Scheme);
    }

    public async ValueTask DisposeAsync()
    {
        await cluster.DisposeAsync();
        client.Dispose();
    }
}
