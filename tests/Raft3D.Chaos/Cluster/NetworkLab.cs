using System.Globalization;

namespace Raft3D.Chaos.Cluster;

/// <summary>
/// Each node in its own Linux network namespace, joined by a bridge in the root namespace on
/// a link-local /24 (169.254.K.0/24: never routed off this machine). The test process reaches
/// every node through the bridge; a partition is a set of per-peer blackhole routes inside
/// the nodes' namespaces, so an isolated node (even an old leader) still answers the clients.
/// Names carry this process's id and a run counter, so concurrent runs never collide and a
/// later run can remove what a killed one left behind (<see cref="SweepStale"/>).
/// </summary>
public sealed class NetworkLab : IDisposable
{
    private const string LockName = "Global\\raft3d-chaos-net";
    private static int _runs;

    private readonly HashSet<(int From, int To)> _blocked = [];
    private readonly List<string> _namespaces = [];
    private readonly Action<string> _log;
    private IDisposable? _cleanup;
    private bool _bridgeCreated;

    private NetworkLab(int nodes, Action<string> log)
    {
        _log = log;
        Token = Environment.ProcessId.ToString("x", CultureInfo.InvariantCulture) + "z" + Base36(Interlocked.Increment(ref _runs) % 36);
        Bridge = $"r3b{Token}";
        Nodes = nodes;
    }

    public string Token { get; }

    public string Bridge { get; }

    public int Nodes { get; }

    /// <summary>K in 169.254.K.0/24.</summary>
    public int Subnet { get; private set; }

    public string HostAddress => $"169.254.{Subnet}.1";

    /// <summary>Node i (1-based) lives at 169.254.K.(10+i).</summary>
    public string Address(int node) => $"169.254.{Subnet}.{10 + node}";

    public string Namespace(int node) => $"r3d-{Token}-n{node}";

    public IReadOnlyCollection<(int From, int To)> Blocked => _blocked;

    /// <summary>Sets the lab up, or returns null and says why (no `ip`, no CAP_NET_ADMIN, no bridge support, ...).</summary>
    public static NetworkLab? TryCreate(int nodes, Action<string> log, out string reason)
    {
        reason = "";
        if (!OperatingSystem.IsLinux())
        {
            reason = "not Linux";
            return null;
        }
        var (code, output) = Shell.Run("ip", "-V");
        if (code != 0)
        {
            reason = $"the `ip` command is not available ({output})";
            return null;
        }
        SweepStale(log);
        var lab = new NetworkLab(nodes, log);
        try
        {
            lab.Create();
            return lab;
        }
        catch (Exception e)
        {
            reason = e.Message;
            lab.Dispose();
            return null;
        }
    }

    private void Create()
    {
        _cleanup = Cleanup.Register(Dispose);
        using (AcquireLock())
        {
            var used = Shell.Must("ip", "-4", "-o", "addr", "show");
            Subnet = Enumerable.Range(200, 54).FirstOrDefault(k => !used.Contains($"169.254.{k}.", StringComparison.Ordinal));
            if (Subnet == 0) throw new InvalidOperationException("no free 169.254.K.0/24 subnet for the bridge");
            Shell.Must("ip", "link", "add", Bridge, "type", "bridge");
            _bridgeCreated = true;
            Shell.Must("ip", "addr", "add", $"{HostAddress}/24", "dev", Bridge);
            Shell.Must("ip", "link", "set", Bridge, "up");
        }
        for (var i = 1; i <= Nodes; i++)
        {
            var ns = Namespace(i);
            Shell.Must("ip", "netns", "add", ns);
            _namespaces.Add(ns);
            var host = $"r3v{Token}{i}";
            var peer = $"r3p{Token}{i}";
            Shell.Must("ip", "link", "add", host, "type", "veth", "peer", "name", peer);
            Shell.Must("ip", "link", "set", peer, "netns", ns);
            Shell.Must("ip", "link", "set", host, "master", Bridge);
            Shell.Must("ip", "link", "set", host, "up");
            Shell.Must("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            Shell.Must("ip", "netns", "exec", ns, "ip", "link", "set", peer, "name", "eth0");
            Shell.Must("ip", "netns", "exec", ns, "ip", "addr", "add", $"{Address(i)}/24", "dev", "eth0");
            Shell.Must("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
        }
        _log($"network: {Nodes} namespaces r3d-{Token}-n1..{Nodes} on bridge {Bridge} ({HostAddress}/24)");
    }

    /// <summary>The command prefix that runs a program inside node i's namespace.</summary>
    public string[] ExecPrefix(int node) => ["ip", "netns", "exec", Namespace(node)];

    /// <summary>Cuts every link between nodes of different groups (both directions); nodes in no group keep their links.</summary>
    public void Partition(IReadOnlyList<IReadOnlyList<int>> groups)
    {
        for (var g = 0; g < groups.Count; g++)
        {
            for (var h = 0; h < groups.Count; h++)
            {
                if (g == h) continue;
                foreach (var a in groups[g])
                    foreach (var b in groups[h])
                        Block(a, b);
            }
        }
    }

    /// <summary>Node from stops reaching node to (one direction: both are needed for a clean cut).</summary>
    public void Block(int from, int to)
    {
        if (!_blocked.Add((from, to))) return;
        Shell.Must("ip", "netns", "exec", Namespace(from), "ip", "route", "add", "blackhole", $"{Address(to)}/32");
    }

    public void Heal()
    {
        foreach (var (from, to) in _blocked.ToList())
        {
            var (code, output) = Shell.Run("ip", "netns", "exec", Namespace(from), "ip", "route", "del", "blackhole", $"{Address(to)}/32");
            if (code != 0) _log($"network: could not remove blackhole {from}->{to}: {output}");
            _blocked.Remove((from, to));
        }
    }

    public void Dispose()
    {
        _cleanup?.Dispose();
        _cleanup = null;
        foreach (var ns in _namespaces) RemoveNamespace(ns);
        _namespaces.Clear();
        if (_bridgeCreated) Shell.Run("ip", "link", "del", Bridge);
        _bridgeCreated = false;
        _blocked.Clear();
    }

    private static void RemoveNamespace(string ns)
    {
        // Processes still inside keep it alive: end them first.
        var (code, pids) = Shell.Run("ip", "netns", "pids", ns);
        if (code == 0)
        {
            foreach (var line in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (int.TryParse(line, out var pid)) Posix.Signal(pid, Posix.SigKill);
        }
        Shell.Run("ip", "netns", "del", ns);
    }

    /// <summary>Removes namespaces and bridges left by chaos runs whose process is gone.</summary>
    public static void SweepStale(Action<string> log)
    {
        var (code, list) = Shell.Run("ip", "netns", "list");
        if (code == 0)
        {
            foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var name = line.Split(' ', 2)[0];
                if (!name.StartsWith("r3d-", StringComparison.Ordinal) || OwnerAlive(name[4..])) continue;
                log($"network: removing stale namespace {name}");
                RemoveNamespace(name);
            }
        }
        var (linkCode, links) = Shell.Run("ip", "-o", "link", "show", "type", "bridge");
        if (linkCode != 0) return;
        foreach (var line in links.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length < 2) continue;
            var name = parts[1].Trim();
            if (!name.StartsWith("r3b", StringComparison.Ordinal) || OwnerAlive(name[3..])) continue;
            log($"network: removing stale bridge {name}");
            Shell.Run("ip", "link", "del", name);
        }
    }

    /// <summary>Token "PIDHEXzR...": whether that process still runs (this one counts as alive).</summary>
    private static bool OwnerAlive(string token)
    {
        var end = token.IndexOf('z');
        if (end <= 0 || !int.TryParse(token[..end], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var pid)) return true;
        return pid == Environment.ProcessId || Posix.IsAlive(pid);
    }

    private static string Base36(int n) => "0123456789abcdefghijklmnopqrstuvwxyz"[n].ToString();

    /// <summary>Serialises choosing a subnet among concurrent runs (a named mutex shared by processes).</summary>
    private static IDisposable AcquireLock()
    {
        var mutex = new Mutex(false, LockName);
        try
        {
            if (!mutex.WaitOne(TimeSpan.FromSeconds(60))) throw new InvalidOperationException("another chaos run holds the network lock");
        }
        catch (AbandonedMutexException)
        {
            // Its owner died while holding it: it is ours now.
        }
        return new Held(mutex);
    }

    private sealed class Held(Mutex mutex) : IDisposable
    {
        public void Dispose()
        {
            mutex.ReleaseMutex();
            mutex.Dispose();
        }
    }
}
