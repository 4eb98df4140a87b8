using System.Globalization;
using Raft3D.Bench.Http;

namespace Raft3D.Bench.SideBySide;

/// <summary>The command line of the versus mode; the Raft3D nodes' own options are the http mode's.</summary>
public sealed record SideBySideOptions
{
    /// <summary>etcd (a 3-node etcd next to Raft3D) or secure (Raft3D with TLS and API keys next to Raft3D without).</summary>
    public string Against { get; init; } = "etcd";

    public IReadOnlyList<LoadShape> Shapes { get; init; } = LoadShape.Defaults;

    /// <summary>Measured runs of every shape on each system, alternating which goes first.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Seconds of 1-client writes measured right after the clusters start, and through a follower right after its restart.</summary>
    public TimeSpan Cold { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Seconds with no load over which each node's idle CPU is measured.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>etcd member i: clients on base + i, peers on base + 10 + i.</summary>
    public int EtcdBasePort { get; init; } = 12370;

    /// <summary>Raft3D's options (ports, server binary, run folder, durations, warm-up, node environment).</summary>
    public HttpBenchOptions Nodes { get; init; } = new();

    public const string Usage = """
        versus [options]     Raft3D side by side with a reference in one run: writes and linearizable
                             reads through the leader, alternating rounds, plus idle CPU and cold start
          --against etcd|secure  a 3-node etcd (Debian's etcd-server), or Raft3D with TLS + API keys (default etcd)
          --shapes LIST          loads (default writes@1,writes@64,reads@64)
          --rounds N             measured runs of each shape on each system (default 3)
          --cold S               1-client writes measured right after the start, and through a follower
                                 right after it restarts, at the end (default 10; 0: neither)
          --idle S               seconds of no load for the idle CPU (default 60; 0: none)
          --etcd-base P          etcd member i on P+i (clients) and P+10+i (peers) (default 12370)
          and of the http mode: --duration, --warmup, --cluster-warmup, --timeout, --server,
          --http-base, --raft-base (the second Raft3D cluster uses +10), --run, --keep, --node-env, --node-config
        """;

    private static readonly string[] Own = ["--against", "--shapes", "--rounds", "--cold", "--idle", "--etcd-base"];

    public static SideBySideOptions Parse(IReadOnlyList<string> args)
    {
        var o = new SideBySideOptions();
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            if (!Own.Contains(flag))
            {
                rest.Add(flag);
                continue;
            }
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value");
            o = flag switch
            {
                "--against" => o with { Against = value is "etcd" or "secure" ? value : throw new ArgumentException($"--against {value}: use etcd or secure") },
                "--shapes" => o with { Shapes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(LoadShape.Parse).ToList() },
                "--rounds" => o with { Rounds = Positive(flag, value) },
                "--cold" => o with { Cold = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--idle" => o with { Idle = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                _ => o with { EtcdBasePort = Positive(flag, value) },
            };
        }
        var nodes = HttpBenchOptions.Parse(rest);
        if (nodes.Nodes.Count > 0 || nodes.Secure) throw new ArgumentException("versus starts its own clusters: no --nodes or --secure (use --against secure)");
        return o with { Nodes = nodes };
    }

    private static int Positive(string flag, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{flag} {value}: a positive number");
}
