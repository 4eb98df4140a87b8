namespace Raft3D.Bench.Http;

/// <summary>
/// Three Raft3D server processes on this machine, started like scripts/cluster.sh does: node1
/// bootstraps, the others join it. Node i serves HTTP on 127.0.0.1:(http base + i) and Raft on
/// 127.0.0.1:(raft base + i). Disposing kills them and, unless asked to keep it, deletes the run folder.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly string _runFolder;
    private readonly bool _keep;
    private readonly Func<int, NodeProcess> _newNode;
    private readonly List<NodeProcess> _added = [];

    private LocalCluster(IReadOnlyList<NodeProcess> nodes, string runFolder, bool keep, Func<int, NodeProcess> newNode)
    {
        Nodes = nodes;
        _runFolder = runFolder;
        _keep = keep;
        _newNode = newNode;
    }

    public IReadOnlyList<NodeProcess> Nodes { get; }

    /// <summary>Secure null: plain HTTP, no keys, no TLS between nodes; otherwise every node gets its certificate and the keys.</summary>
    public static async Task<LocalCluster> StartAsync(HttpBenchOptions options, ClusterClient client, SecureFiles? secure, int size = 3)
    {
        var root = RepositoryRoot();
        var dll = Path.GetFullPath(options.ServerDll ?? Path.Combine(root, "src/Raft3D.Server/bin/Release/net10.0/Raft3D.Server.dll"));
        if (!File.Exists(dll))
            throw new FileNotFoundException($"no server binary at {dll}: dotnet build src/Raft3D.Server -c Release (or --server DLL)");
        var runFolder = RunFolder(options);
        if (Directory.Exists(Path.Combine(runFolder, "data"))) Directory.Delete(Path.Combine(runFolder, "data"), recursive: true);
        NodeProcess NewNode(int i) =>
            new($"node{i}", $"127.0.0.1:{options.HttpBasePort + i}", $"127.0.0.1:{options.RaftBasePort + i}",
                dll, root, runFolder, options.NodeConfig, options.NodeEnvironment, secure?.NodeFlags($"node{i}") ?? []);
        var nodes = Enumerable.Range(1, size).Select(NewNode).ToList();
        var cluster = new LocalCluster(nodes, runFolder, options.KeepData, NewNode);
        // Ctrl+C or a kill of the bench must not leave servers running on the bench's ports.
        Console.CancelKeyPress += (_, _) => cluster.KillAll();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.KillAll();
        try
        {
            nodes[0].Start("-bootstrap");
            await client.WaitAsync(TimeSpan.FromSeconds(60), $"{nodes[0].Id} to be ready", async () => await client.IsReadyAsync(nodes[0].HttpAddress));
            foreach (var node in nodes.Skip(1)) node.Start("-join", nodes[0].HttpAddress);
            await cluster.WaitHealthyAsync(client, TimeSpan.FromSeconds(90));
            Console.WriteLine($"started {size} nodes (server {dll}; data and logs in {runFolder}" +
                              (options.NodeEnvironment.Count > 0 ? $"; environment {string.Join(' ', options.NodeEnvironment)})" : ")"));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The folder for the nodes' data and logs: --run, or a fresh one under /tmp.</summary>
    public static string RunFolder(HttpBenchOptions options) =>
        Path.GetFullPath(options.RunFolder ?? Path.Combine(Path.GetTempPath(), "raft3d-bench", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff")));

    /// <summary>CPU time used by all the nodes so far.</summary>
    public TimeSpan CpuTime() => Nodes.Aggregate(TimeSpan.Zero, (sum, n) => sum + n.CpuTime());

    public IReadOnlyList<string> HttpAddresses => Nodes.Select(n => n.HttpAddress).ToList();

    public NodeProcess ByHttp(string httpAddress) => Nodes.Single(n => n.HttpAddress == httpAddress);

    /// <summary>Every node is running, a voter, healthy in the leader's view and applied up to the leader's commit index.</summary>
    public async Task WaitHealthyAsync(ClusterClient client, TimeSpan timeout) =>
        await client.WaitAsync(timeout, $"{Nodes.Count} healthy, caught-up voters", async () =>
        {
            if (Nodes.Any(n => !n.IsRunning)) throw new InvalidOperationException($"a node exited: see {string.Join(", ", Nodes.Where(n => !n.IsRunning).Select(n => n.OutputFile))}");
            var leader = await client.FindLeaderAsync(HttpAddresses);
            if (leader is null) return false;
            var status = leader.Status;
            if (status.Members.Count(m => m.Voter && m.Healthy) < Nodes.Count) return false;
            foreach (var node in Nodes)
                if (await client.StatusAsync(node.HttpAddress) is not { } s || s.AppliedIndex < status.CommitIndex) return false;
            return true;
        });

    /// <summary>
    /// A further node i (not started, not in <see cref="Nodes"/>) with the same binary, settings and
    /// run folder, listening on the base ports + i; it is killed with the others.
    /// </summary>
    public NodeProcess AddNode(int i)
    {
        var node = _newNode(i);
        lock (_added) _added.Add(node);
        return node;
    }

    private void KillAll()
    {
        List<NodeProcess> added;
        lock (_added) added = [.. _added];
        foreach (var node in Nodes.Concat(added))
        {
            try { node.Kill(); } catch (InvalidOperationException) { }
        }
    }

    public ValueTask DisposeAsync()
    {
        KillAll();
        if (!_keep)
        {
            try { Directory.Delete(_runFolder, recursive: true); } catch (IOException) { }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The checkout holding Raft3D.sln, from the working directory or the bench binary up.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Raft3D.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run the bench from inside the Raft3D checkout (no Raft3D.sln found)");
    }
}
