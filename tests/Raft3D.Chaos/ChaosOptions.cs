using System.Globalization;
using System.Text.RegularExpressions;
using Raft3D.Chaos.Nemesis;

namespace Raft3D.Chaos;

/// <summary>The settings of a chaos run, and their command line.</summary>
public sealed partial record ChaosOptions
{
    public TimeSpan Time { get; init; } = TimeSpan.FromSeconds(60);

    public int Seed { get; init; } = Random.Shared.Next(1, int.MaxValue);

    public bool SeedGiven { get; init; }

    public int Nodes { get; init; } = 3;

    public int Clients { get; init; } = 6;

    /// <summary>The classic faults; --nemesis all adds the disk and membership nemeses.</summary>
    public IReadOnlyList<FaultKind> Nemesis { get; init; } = [FaultKind.Kill, FaultKind.Pause, FaultKind.Partition];

    /// <summary>Mutual TLS on the Raft port and HTTPS on the API, with a CA made for the run.</summary>
    public bool Tls { get; init; }

    /// <summary>API keys on every node; the clients send a write key, the nemesis an admin key.</summary>
    public bool ApiKeys { get; init; }

    /// <summary>Resend a keyed write whose outcome is unknown to another node with the same Idempotency-Key.</summary>
    public bool RetryElsewhere { get; init; } = true;

    /// <summary>Run in network namespaces (needed for partitions); off: loopback only.</summary>
    public bool Namespaces { get; init; } = true;

    public int Runs { get; init; } = 1;

    public string OutputRoot { get; init; } = Path.Combine(Directory.GetCurrentDirectory(), "chaos-runs");

    /// <summary>Save history and logs even when every check passes.</summary>
    public bool Keep { get; init; }

    public string? ServerDll { get; init; }

    /// <summary>A client gives up on a request after this long (the outcome is then unknown).</summary>
    public TimeSpan ClientTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The nodes' raft3d.api.request-timeout.</summary>
    public TimeSpan ServerRequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public int SnapshotThreshold { get; init; } = 200;

    /// <summary>Only check a saved history file and exit.</summary>
    public string? CheckFile { get; init; }

    public bool Help { get; init; }

    public const string Usage = """
        Raft3D chaos: real Raft3D.Server processes, concurrent clients, a nemesis (kill -9 and restart,
        SIGSTOP/SIGCONT, network partitions, journal stalls and full disks, membership changes), a
        recorded history and a linearizability checker.

        usage: dotnet run -c Release --project tests/Raft3D.Chaos -- [options]

          --time DURATION          how long clients and nemesis run (default 60s; e.g. 45s, 10m, 1h30m)
          --seed N                 seed of the nemesis schedule and the workload's choices (default: random, printed)
          --nodes N                cluster size, 3 or 5 usually (default 3)
          --clients N              concurrent clients (default 6)
          --nemesis LIST           comma-separated: kill, pause, partition, disk, membership; or all, none
                                   (default kill,pause,partition). disk: a node's raft.db held under BEGIN
                                   EXCLUSIVE past the journal timeout, or its tmpfs data volume filled (root);
                                   membership: a node removed under load, then re-added by hand or wiped and
                                   rejoined with -clean -join
          --tls                    mutual TLS between nodes and HTTPS on the API (a CA made with openssl)
          --api-keys               API keys on every node (clients use a write key, the nemesis an admin key)
          --no-retry               do not resend a keyed write whose outcome is unknown to another node
          --no-namespaces          loopback only, no network namespaces (and so no partitions)
          --runs N                 N runs one after another, seeds N, N+1, ... (default 1)
          --out DIR                where failed runs are saved (default ./chaos-runs)
          --keep                   save history and logs of passing runs too
          --server PATH            Raft3D.Server.dll to run (default: the one built beside this project)
          --client-timeout DUR     a client gives up after this; the outcome is then unknown (default 10s)
          --request-timeout DUR    the nodes' raft3d.api.request-timeout (default 5s)
          --snapshot-threshold N   the nodes' raft3d.raft.snapshot-threshold (default 200)
          --check FILE             only check a saved history.jsonl and print the verdict
          -h, --help               this text

        Partitions need root (CAP_NET_ADMIN) for `ip netns`; without it the run says so and uses kill
        and pause only. Exit code: 0 every check passed, 1 a check failed, 2 bad usage, 3 the cluster
        could not be run.
        """;

    public static ChaosOptions Parse(IReadOnlyList<string> args)
    {
        var o = new ChaosOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            o = name switch
            {
                "-h" or "--help" => o with { Help = true },
                "--time" => o with { Time = Duration(Value(), name) },
                "--seed" => o with { Seed = Int(Value(), name, 0), SeedGiven = true },
                "--nodes" => o with { Nodes = Int(Value(), name, 1) },
                "--clients" => o with { Clients = Int(Value(), name, 1) },
                "--nemesis" => o with { Nemesis = Faults(Value()) },
                "--no-namespaces" => o with { Namespaces = false },
                "--tls" => o with { Tls = true },
                "--api-keys" => o with { ApiKeys = true },
                "--no-retry" => o with { RetryElsewhere = false },
                "--runs" => o with { Runs = Int(Value(), name, 1) },
                "--out" => o with { OutputRoot = Path.GetFullPath(Value()) },
                "--keep" => o with { Keep = true },
                "--server" => o with { ServerDll = Path.GetFullPath(Value()) },
                "--client-timeout" => o with { ClientTimeout = Duration(Value(), name) },
                "--request-timeout" => o with { ServerRequestTimeout = Duration(Value(), name) },
                "--snapshot-threshold" => o with { SnapshotThreshold = Int(Value(), name, 1) },
                "--check" => o with { CheckFile = Path.GetFullPath(Value()) },
                _ => throw new ArgumentException($"unknown option {name} (see --help)"),
            };
        }
        return o;
    }

    private static int Int(string text, string name, int min) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
            ? v
            : throw new ArgumentException($"{name} must be a whole number >= {min}, not '{text}'");

    /// <summary>90, 45s, 10m, 1h30m, 1.5h, 500ms.</summary>
    public static TimeSpan Duration(string text, string name = "duration")
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain)) return TimeSpan.FromSeconds(plain);
        var parts = DurationPart().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text)
            throw new ArgumentException($"{name} must be a duration like 45s, 10m or 1h30m, not '{text}'");
        var total = TimeSpan.Zero;
        foreach (Match p in parts)
        {
            var n = double.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture);
            total += p.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromHours(n),
            };
        }
        return total;
    }

    private static IReadOnlyList<FaultKind> Faults(string text)
    {
        if (text is "all") return Enum.GetValues<FaultKind>();
        if (text is "none" or "") return [];
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant() switch
        {
            "kill" => FaultKind.Kill,
            "pause" => FaultKind.Pause,
            "partition" => FaultKind.Partition,
            "disk" => FaultKind.Disk,
            "membership" => FaultKind.Membership,
            _ => throw new ArgumentException($"--nemesis takes kill, pause, partition, disk, membership, all or none, not '{s}'"),
        }).Distinct().ToList();
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h)")]
    private static partial Regex DurationPart();

    /// <summary>The command that replays this run.</summary>
    public string ReplayCommand(int seed) =>
        $"dotnet run -c Release --project tests/Raft3D.Chaos -- --time {(int)Time.TotalSeconds}s --seed {seed} --nodes {Nodes} --clients {Clients} " +
        $"--nemesis {(Nemesis.Count == 0 ? "none" : string.Join(",", Nemesis.Select(k => k.ToString().ToLowerInvariant())))}{(Namespaces ? "" : " --no-namespaces")}" +
        $"{(Tls ? " --tls" : "")}{(ApiKeys ? " --api-keys" : "")}{(RetryElsewhere ? "" : " --no-retry")}";
}
