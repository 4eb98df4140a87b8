using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Raft3D.Bench.Http;

namespace Raft3D.Bench.SideBySide;

/// <summary>
/// A 3-node etcd (Debian's etcd-server) on loopback, for a reference in the same run: member i
/// serves clients on 127.0.0.1:(base + i) and peers on 127.0.0.1:(base + 10 + i), data in a
/// fresh folder, fsync on (the default: the same durability as Raft3D's journal). Loads go
/// through etcd's v3 JSON gateway, the HTTP/JSON path closest to Raft3D's REST API.
/// </summary>
public sealed class EtcdCluster : IBenchedCluster
{
    private readonly List<Process> _processes;
    private readonly List<ProcessStartInfo> _starts = [];
    private readonly IReadOnlyList<string> _clientAddresses;
    private readonly ClusterClient _client;
    private readonly string _folder;
    private readonly bool _keep;

    private EtcdCluster(List<Process> processes, IReadOnlyList<string> clientAddresses, ClusterClient client, string folder, bool keep)
    {
        _processes = processes;
        _clientAddresses = clientAddresses;
        _client = client;
        _folder = folder;
        _keep = keep;
    }

    public string Name => "etcd";

    public static string? Binary() =>
        new[] { "/usr/bin/etcd", "/usr/local/bin/etcd" }.FirstOrDefault(File.Exists);

    public static async Task<EtcdCluster> StartAsync(int basePort, string folder, bool keep, TimeSpan requestTimeout, int maxClients)
    {
        var binary = Binary() ?? throw new FileNotFoundException("no etcd binary: apt-get install -y etcd-server etcd-client");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var token = $"raft3d-bench-{Guid.NewGuid():N}"[..24];
        var peers = string.Join(',', Enumerable.Range(1, 3).Select(i => $"e{i}=http://127.0.0.1:{basePort + 10 + i}"));
        var clientAddresses = Enumerable.Range(1, 3).Select(i => $"127.0.0.1:{basePort + i}").ToList();
        var processes = new List<Process>();
        var client = new ClusterClient(requestTimeout, maxClients + 16);
        var cluster = new EtcdCluster(processes, clientAddresses, client, folder, keep);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.KillAll();
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                string[] arguments =
                [
                    "--name", $"e{i}", "--data-dir", Path.Combine(folder, $"e{i}"),
                    "--listen-client-urls", $"http://{clientAddresses[i - 1]}", "--advertise-client-urls", $"http://{clientAddresses[i - 1]}",
                    "--listen-peer-urls", $"http://127.0.0.1:{basePort + 10 + i}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{basePort + 10 + i}",
                    "--initial-cluster", peers, "--initial-cluster-state", "new", "--initial-cluster-token", token,
                    "--logger", "zap", "--log-level", "warn",
                ];
                var command = "exec " + Quote(binary) + " " + string.Join(' ', arguments.Select(Quote)) + " >>" + Quote(Path.Combine(folder, $"e{i}.out")) + " 2>&1";
                var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add(command);
                cluster._starts.Add(start);
                processes.Add(Process.Start(start) ?? throw new InvalidOperationException("could not start etcd"));
            }
            await client.WaitAsync(TimeSpan.FromSeconds(60), "3 healthy etcd members with a leader", async () =>
            {
                if (processes.Any(p => p.HasExited)) throw new InvalidOperationException($"an etcd member exited: see {folder}/e*.out");
                return await cluster.LeaderAddressAsync() is not null;
            });
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public IReadOnlyList<TimeSpan> NodeCpuTimes() => _processes.Select(CpuTime).ToList();

    public async Task<IWorkload> WritesAsync(string tag) => new EtcdPuts(_client, await LeaderAsync(), tag);

    public async Task<IWorkload> ReadsAsync(string tag, int keys)
    {
        var leader = await LeaderAsync();
        var puts = new EtcdPuts(_client, leader, tag);
        for (var i = 0; i < keys; i++)
        {
            if (await puts.ExecuteAsync(i, 0, CancellationToken.None) != RequestOutcome.Succeeded)
                throw new InvalidOperationException($"could not write etcd key {i} for the reads");
        }
        return new EtcdRanges(_client, leader, tag, keys);
    }

    public async Task<IWorkload> FollowerWritesAsync(string tag) => new EtcdPuts(_client, new TargetSet([_clientAddresses[await FollowerAsync()]], "http"), tag);

    public async Task<TimeSpan> RestartFollowerAsync()
    {
        var member = await FollowerAsync();
        // The shell execs etcd, so this is etcd's own pid; SIGTERM, as for Raft3D's node.
        await ProcessSignals.TerminateAsync(_processes[member], $"etcd member e{member + 1}", TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        _processes[member] = Process.Start(_starts[member]) ?? throw new InvalidOperationException("could not start etcd");
        await _client.WaitAsync(TimeSpan.FromMinutes(2), $"etcd member e{member + 1} to be healthy", async () =>
        {
            if (_processes[member].HasExited) throw new InvalidOperationException($"etcd member e{member + 1} exited: see {_folder}/e{member + 1}.out");
            try
            {
                using var response = await _client.Http.GetAsync($"http://{_clientAddresses[member]}/health");
                return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"true\"", StringComparison.Ordinal);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        });
        return clock.Elapsed;
    }

    public Task<long?> LeaderAllocatedBytesAsync() => Task.FromResult<long?>(null);

    /// <summary>The first member, in start order, that is not the leader.</summary>
    private async Task<int> FollowerAsync()
    {
        var leader = (await LeaderAsync()).HttpAddresses[0];
        return _clientAddresses.Select((address, i) => (address, i)).First(m => m.address != leader).i;
    }

    private async Task<TargetSet> LeaderAsync()
    {
        string? leader = null;
        await _client.WaitAsync(TimeSpan.FromSeconds(30), "an etcd leader", async () => (leader = await LeaderAddressAsync()) is not null);
        return new TargetSet([leader!], "http");
    }

    /// <summary>The member that reports itself as the leader (its member id equals the leader id it reports).</summary>
    private async Task<string?> LeaderAddressAsync()
    {
        foreach (var address in _clientAddresses)
        {
            try
            {
                using var content = new StringContent("{}", Encoding.UTF8, "application/json");
                using var response = await _client.Http.PostAsync($"http://{address}/v3/maintenance/status", content);
                if (!response.IsSuccessStatusCode) continue;
                using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
                var root = document.RootElement;
                if (root.TryGetProperty("leader", out var leader) && root.GetProperty("header").GetProperty("member_id").GetString() == leader.GetString())
                    return address;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // not up yet
            }
        }
        return null;
    }

    private static TimeSpan CpuTime(Process process)
    {
        try
        {
            if (process.HasExited) return TimeSpan.Zero;
            process.Refresh();
            return process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }

    private void KillAll()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (process.HasExited) continue;
                process.Kill();
                process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // exited meanwhile
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        KillAll();
        _client.Dispose();
        if (!_keep)
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
        return ValueTask.CompletedTask;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
