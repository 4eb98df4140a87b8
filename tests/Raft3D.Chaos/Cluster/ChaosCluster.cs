using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Raft3D.Chaos.History;
using Raft3D.Testing;

namespace Raft3D.Chaos.Cluster;

/// <summary>
/// A cluster of real Raft3D.Server processes under ROOT (data/, logs/, out/, cluster.conf).
/// Every node starts with -bootstrap and the same raft3d.node.bootstrap-members list, so the
/// cluster forms in one election; a restart resumes from the node's data with no -bootstrap.
/// With namespaces each node is alone in its own network namespace (see <see cref="NetworkLab"/>);
/// without, all listen on loopback ports. A node that exits by itself is restarted as systemd
/// would (<see cref="Supervisor"/>).
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    /// <summary>The size of each node's tmpfs data volume, when the disk nemesis fills them.</summary>
    public const int VolumeMegabytes = 96;

    private readonly HttpClient _status;
    private readonly Action<string> _log;
    private readonly List<TmpfsVolume> _volumes = [];

    private ChaosCluster(ClusterSettings settings, NetworkLab? network, MonotonicClock clock, Action<string> log)
    {
        Settings = settings;
        Network = network;
        _log = log;
        Directory.CreateDirectory(settings.Root);
        Security = ClusterSecurity.Create(settings.Root, settings.Tls, settings.ApiKeys);
        var handler = new SocketsHttpHandler();
        Security?.Configure(handler);
        _status = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
        if (Security?.AdminKey is { } admin) _status.DefaultRequestHeaders.Authorization = new("Bearer", admin);
        var nodes = new List<NodeProcess>();
        for (var i = 1; i <= settings.Nodes; i++)
        {
            nodes.Add(network is not null
                ? new NodeProcess(i, network.Address(i), 8080, 7000, settings.Root, settings.ServerDll, ConfigFile, network.ExecPrefix(i), Security)
                : new NodeProcess(i, "127.0.0.1", FreePorts.Next(), FreePorts.Next(), settings.Root, settings.ServerDll, ConfigFile, [], Security));
        }
        Nodes = nodes;
        Supervisor = new NodeSupervisor(nodes, NodeSupervisor.SystemdRestartDelay, clock, log);
        if (settings.DataOnTmpfs)
        {
            foreach (var node in nodes)
            {
                if (TmpfsVolume.TryMount(node.DataDirectory, VolumeMegabytes, out var reason) is { } volume) _volumes.Add(volume);
                else
                {
                    log($"no tmpfs data volumes ({reason}): the disk nemesis stalls journals but does not fill disks");
                    break;
                }
            }
        }
        var members = string.Join("\n", nodes.Select(n => $"      {{ id = {n.Id}, raft = \"{n.RaftAddress}\", http = \"{n.HttpAddress}\" }}"));
        File.WriteAllText(ConfigFile, $$"""
            # Written by the chaos run.
            raft3d {
              node.bootstrap-members = [
            {{members}}
              ]
              api.request-timeout = {{((int)settings.ServerRequestTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}}ms
              api.retry-after = 1s
              # Membership stays fixed: a node down for a while must not be removed by autopilot.
              raft.remove-dead-servers-after = 0s
              # Compact often, so nodes coming back catch up through InstallSnapshot too.
              raft.snapshot-threshold = {{settings.SnapshotThreshold.ToString(CultureInfo.InvariantCulture)}}
            }
            """);
    }

    public ClusterSettings Settings { get; }

    public NetworkLab? Network { get; }

    public IReadOnlyList<NodeProcess> Nodes { get; }

    /// <summary>Restarts the nodes that exit by themselves with a failure, and counts them.</summary>
    public NodeSupervisor Supervisor { get; }

    /// <summary>TLS and API keys of a secure run (null: plain HTTP, open API).</summary>
    public ClusterSecurity? Security { get; }

    /// <summary>Each node's tmpfs data volume, by node id (empty unless the disk nemesis asked for them and they could be made).</summary>
    public IReadOnlyDictionary<string, TmpfsVolume> Volumes =>
        _volumes.Count == Nodes.Count ? Nodes.Zip(_volumes).ToDictionary(p => p.First.Id, p => p.Second) : new Dictionary<string, TmpfsVolume>();

    /// <summary>The admin client of the run (status polls, membership changes): the run's CA and admin key.</summary>
    public HttpClient Admin => _status;

    public string ConfigFile => Path.Combine(Settings.Root, "cluster.conf");

    public string LogsFolder => Path.Combine(Settings.Root, "logs");

    public string OutFolder => Path.Combine(Settings.Root, "out");

    /// <summary>Creates the network (when asked and possible) and the nodes' files; starts nothing.</summary>
    public static ChaosCluster Create(ClusterSettings settings, MonotonicClock clock, Action<string> log, out string networkNote)
    {
        NetworkLab? network = null;
        networkNote = "network namespaces: not requested (loopback only; partitions disabled)";
        if (settings.UseNamespaces)
        {
            network = NetworkLab.TryCreate(settings.Nodes, log, out var reason);
            networkNote = network is not null
                ? $"network namespaces: yes (bridge {network.Bridge}, 169.254.{network.Subnet}.0/24)"
                : $"network namespaces: UNAVAILABLE ({reason}); falling back to loopback with kill and pause only";
        }
        return new ChaosCluster(settings, network, clock, log);
    }

    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var node in Nodes) node.Start(bootstrap: true);
        await WaitForLeaderAsync(timeout, cancellationToken);
    }

    public async Task<NodeStatus?> StatusAsync(NodeProcess node, CancellationToken cancellationToken)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(3));
            var json = await _status.GetFromJsonAsync<JsonElement>(new Uri(node.BaseUri, "/cluster/status"), cts.Token);
            return NodeStatus.Parse(json);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }
    }

    public async Task<IReadOnlyList<(NodeProcess Node, NodeStatus? Status)>> StatusesAsync(CancellationToken cancellationToken)
    {
        var running = Nodes.Where(n => n.IsRunning && !n.IsPaused).ToList();
        var statuses = await Task.WhenAll(running.Select(n => StatusAsync(n, cancellationToken)));
        return running.Zip(statuses).ToList();
    }

    /// <summary>The node that says it leads, in the highest term any node reports (null if none answers so).</summary>
    public async Task<NodeProcess?> LeaderAsync(CancellationToken cancellationToken)
    {
        var statuses = await StatusesAsync(cancellationToken);
        return statuses.Where(s => s.Status is { IsLeader: true }).OrderByDescending(s => s.Status!.Term).Select(s => s.Node).FirstOrDefault();
    }

    /// <summary>Polls until every running node names the same leader, which says it leads.</summary>
    public async Task<NodeProcess> WaitForLeaderAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var last = "";
        return await Eventually.Get(async () =>
        {
            var statuses = await StatusesAsync(cancellationToken);
            last = string.Join("; ", statuses.Select(s => s.Status?.ToString() ?? $"{s.Node.Id} not answering"));
            var leaders = statuses.Select(s => s.Status?.LeaderId).Distinct().ToList();
            return statuses.Count > 0 && leaders.Count == 1 && leaders[0] is { } id && statuses.Any(s => s.Node.Id == id && s.Status!.IsLeader)
                ? Nodes.Single(n => n.Id == id)
                : null;
        }, timeout, () => $"a leader all running nodes agree on: {last}", TimeSpan.FromMilliseconds(200), cancellationToken);
    }

    /// <summary>Ends every fault: heals the network, resumes paused nodes and restarts the stopped ones.</summary>
    public void HealAll()
    {
        Network?.Heal();
        foreach (var node in Nodes)
        {
            if (node.IsPaused) node.Resume();
            if (node.StartIfStopped()) _log($"heal: restarted {node.Id}");
        }
    }

    public async Task StopAsync()
    {
        Supervisor.Dispose();
        await Task.WhenAll(Nodes.Select(n => n.StopAsync(TimeSpan.FromSeconds(20))));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            foreach (var node in Nodes) node.Release();
            Network?.Dispose();
            foreach (var volume in _volumes) volume.Dispose();
            _status.Dispose();
        }
    }
}
