using System.Globalization;
using Raft3D.Testing;

namespace Raft3D.Chaos.Releases;

/// <summary>
/// Three nodes on loopback, each run from a build of its own (`dotnet Raft3D.Server.dll`):
/// the previous release's or this one's. A node is replaced in place, as an operator
/// upgrades a host: stopped, then started from the other build with the same id, addresses
/// and data directory. All start with -bootstrap and one member list (cluster.conf).
/// </summary>
public sealed class MixedCluster : IAsyncDisposable
{
    private readonly string _root;
    private readonly ServerProcess[] _processes;
    private readonly string[] _running;

    public MixedCluster(string root, int nodes)
    {
        _root = root;
        Directory.CreateDirectory(root);
        Http = Enumerable.Range(0, nodes).Select(_ => FreePorts.Next()).ToArray();
        Raft = Enumerable.Range(0, nodes).Select(_ => FreePorts.Next()).ToArray();
        _processes = Enumerable.Range(1, nodes).Select(i => new ServerProcess($"node{i}", Path.Combine(root, "out", $"node{i}.out"))).ToArray();
        _running = new string[nodes];
        var members = string.Join("\n", Enumerable.Range(0, nodes).Select(i =>
            $"      {{ id = node{i + 1}, raft = \"127.0.0.1:{Raft[i]}\", http = \"127.0.0.1:{Http[i]}\" }}"));
        // Settings both releases know; nothing else, so each build keeps its own defaults.
        File.WriteAllText(ConfigFile, $$"""
            raft3d {
              node.bootstrap-members = [
            {{members}}
              ]
              api.request-timeout = 5s
              raft.remove-dead-servers-after = 0s
              # Snapshots all along: restarted nodes restore them, whichever release wrote them.
              raft.snapshot-threshold = 25
            }
            # A loaded machine can take longer than the 30 s default to read the journal back.
            akka.persistence.journal.sql.recovery-event-timeout = 120s
            """);
    }

    public int[] Http { get; }

    public int[] Raft { get; }

    public int Count => _processes.Length;

    public string ConfigFile => Path.Combine(_root, "cluster.conf");

    public Uri Uri(int i) => new($"http://127.0.0.1:{Http[i - 1]}");

    public string Id(int i) => $"node{i}";

    /// <summary>Which release node i runs now (as named to <see cref="Start"/>), or null when stopped.</summary>
    public string? Release(int i) => _processes[i - 1].IsRunning ? _running[i - 1] : null;

    public string OutFile(int i) => _processes[i - 1].OutFile;

    public void Start(int i, string serverDll, string release)
    {
        string[] command =
        [
            "dotnet", serverDll, "-id", Id(i),
            "-http", $"127.0.0.1:{Http[i - 1]}", "-raft", $"127.0.0.1:{Raft[i - 1]}",
            "-data", Path.Combine(_root, "data"), "-logs", Path.Combine(_root, "logs"),
            "-config", ConfigFile, "-console-level", "warn", "-file-level", "info", "-bootstrap",
        ];
        _processes[i - 1].Start(command, _root, environment: null);
        _running[i - 1] = release;
    }

    /// <summary>A clean stop (SIGTERM), as `systemctl stop` does.</summary>
    public Task StopAsync(int i) => _processes[i - 1].StopAsync(TimeSpan.FromSeconds(20));

    public static string Describe(IEnumerable<int> nodes) => string.Join(",", nodes.Select(n => n.ToString(CultureInfo.InvariantCulture)));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_processes.Select(p => p.StopAsync(TimeSpan.FromSeconds(15))));
        foreach (var p in _processes) p.Release();
    }
}
