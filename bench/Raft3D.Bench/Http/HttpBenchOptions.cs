using System.Globalization;

namespace Raft3D.Bench.Http;

/// <summary>The command line of the http mode.</summary>
public sealed record HttpBenchOptions
{
    public static readonly string[] AllScenarios = ["writes", "reads", "local-reads", "mixed", "failover"];

    /// <summary>HTTP addresses of a running cluster (host:port); empty: start 3 server processes.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    public IReadOnlyList<string> Scenarios { get; init; } = AllScenarios;

    public IReadOnlyList<int> Concurrency { get; init; } = [1, 16, 64];

    /// <summary>Arrival rates (requests/s) of the open-loop runs.</summary>
    public IReadOnlyList<int> Rates { get; init; } = [1000, 4000, 8000];

    /// <summary>closed, open, or both.</summary>
    public string Loop { get; init; } = "closed";

    /// <summary>leader, followers, or both.</summary>
    public string Via { get; init; } = "both";

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    public int FailoverRounds { get; init; } = 5;

    /// <summary>Closed-loop writers running while the leader is killed.</summary>
    public int FailoverConcurrency { get; init; } = 16;

    /// <summary>Most requests in flight in an open-loop run; arrivals beyond it are counted as dropped errors.</summary>
    public int MaxInFlight { get; init; } = 4096;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public string? JsonPath { get; init; }

    /// <summary>Server binary for the processes this bench starts.</summary>
    public string? ServerDll { get; init; }

    public int HttpBasePort { get; init; } = 18080;

    public int RaftBasePort { get; init; } = 17000;

    /// <summary>Folder for the started nodes' data and logs (default: a fresh folder under /tmp).</summary>
    public string? RunFolder { get; init; }

    /// <summary>An extra HOCON file passed to the started nodes with -config.</summary>
    public string? NodeConfig { get; init; }

    public bool KeepData { get; init; }

    /// <summary>Environment variables for the started nodes (e.g. DOTNET_gcServer=0), for A/B runs.</summary>
    public IReadOnlyList<string> NodeEnvironment { get; init; } = [];

    /// <summary>Start the nodes with TLS on the Raft port, HTTPS and API keys (a fresh CA and keys made with openssl).</summary>
    public bool Secure { get; init; }

    /// <summary>Unmeasured load on every node before the first run, so that the JIT has settled (tiered compilation, PGO).</summary>
    public TimeSpan ClusterWarmup { get; init; } = TimeSpan.FromSeconds(30);

    public const string Usage = """
        http [options]       HTTP load against a 3-node cluster of real server processes
          --nodes H:P,...        target a running cluster instead of starting one (no failover)
          --scenarios LIST       writes,reads,local-reads,mixed,failover (default: all)
          --concurrency LIST     closed-loop clients (default 1,16,64)
          --loop closed|open|both   closed loop, open loop at fixed rates, or both (default closed)
          --rates LIST           open-loop arrival rates per second (default 1000,4000,8000)
          --via leader|followers|both  where writes and reads go (default both)
          --duration S           measured seconds per run (default 10)
          --warmup S             unmeasured seconds before each run (default 3)
          --rounds N             failover rounds (default 5)
          --failover-clients N   closed-loop writers during failover (default 16)
          --max-in-flight N      open-loop cap on outstanding requests (default 4096)
          --timeout S            client timeout per request (default 10)
          --json PATH            also save the results as JSON
          --server DLL           server binary (default src/Raft3D.Server/bin/Release/net10.0/Raft3D.Server.dll)
          --http-base P --raft-base P   node i listens on P+i (defaults 18080, 17000)
          --run DIR              nodes' data and logs (default a new folder under /tmp); --keep keeps it
          --node-config FILE     extra HOCON for the nodes (-config)
          --node-env K=V         environment variable for the nodes (repeatable), e.g. DOTNET_gcServer=0
          --secure               start the nodes with TLS between them, HTTPS and API keys (needs openssl)
          --cluster-warmup S     unmeasured writes, reads and print-farm work on every node first (default 30)
        """;

    public static HttpBenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new HttpBenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value");
            o = flag switch
            {
                "--nodes" => o with { Nodes = List(Value()) },
                "--scenarios" => o with { Scenarios = Checked(List(Value()), AllScenarios, flag) },
                "--concurrency" => o with { Concurrency = Ints(Value()) },
                "--rates" => o with { Rates = Ints(Value()) },
                "--loop" => o with { Loop = Checked([Value()], ["closed", "open", "both"], flag)[0] },
                "--via" => o with { Via = Checked([Value()], ["leader", "followers", "both"], flag)[0] },
                "--duration" => o with { Duration = Seconds(Value()) },
                "--warmup" => o with { Warmup = Seconds(Value()) },
                "--rounds" => o with { FailoverRounds = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--failover-clients" => o with { FailoverConcurrency = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--max-in-flight" => o with { MaxInFlight = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--timeout" => o with { RequestTimeout = Seconds(Value()) },
                "--json" => o with { JsonPath = Value() },
                "--server" => o with { ServerDll = Value() },
                "--http-base" => o with { HttpBasePort = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--raft-base" => o with { RaftBasePort = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--run" => o with { RunFolder = Value() },
                "--node-config" => o with { NodeConfig = Path.GetFullPath(Value()) },
                "--keep" => o with { KeepData = true },
                "--secure" => o with { Secure = true },
                "--node-env" => o with { NodeEnvironment = [.. o.NodeEnvironment, Value()] },
                "--cluster-warmup" => o with { ClusterWarmup = Seconds(Value()) },
                _ => throw new ArgumentException($"unknown option {flag}"),
            };
        }
        return o;
    }

    public bool ClosedLoop => Loop is "closed" or "both";

    public bool OpenLoop => Loop is "open" or "both";

    private static List<string> List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static List<int> Ints(string value) => List(value).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();

    private static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));

    private static List<string> Checked(List<string> values, IReadOnlyList<string> allowed, string flag)
    {
        foreach (var v in values)
            if (!allowed.Contains(v)) throw new ArgumentException($"{flag} {v}: use {string.Join(", ", allowed)}");
        return values;
    }
}
