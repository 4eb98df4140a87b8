namespace Raft3D.Server.Flags;

/// <summary>
/// Parses flags the way Go's flag package does, for compatibility with the original Raft3D:
/// one or two dashes, "-flag value" or "-flag=value", booleans as "-flag" or "-flag=false",
/// "--" ends the flags. Anything else is an error naming the offending argument.
/// </summary>
public static class FlagParser
{
    private static readonly string[] ValueFlags = ["id", "http", "raft", "data", "logs", "join", "console-level", "file-level", "config", "api-keys", "tls-cert", "tls-key", "tls-ca", "advertise-http", "advertise-raft", "restore"];
    private static readonly string[] BoolFlags = ["bootstrap", "clean", "force-new-cluster", "help", "h"];

    public const string Usage = """
        Usage: Raft3D.Server -id ID [flags]

          -id ID                 node id (required): letters, digits, '-', '_', '.'
          -http ADDR             HTTP listen address (default ":8080"; an empty host listens on every interface)
          -raft HOST:PORT        Raft (Akka.Remote) address (default "127.0.0.1:7000")
          -data DIR              data directory; this node keeps its files in DIR/ID (default "data")
          -logs DIR              log directory; this node logs to DIR/ID.log (default "logs")
          -join ADDR[,ADDR]      HTTP address(es) of existing nodes to ask to add this node
          -bootstrap             start a new single-node cluster (ignored on an initialised node)
          -clean                 wipe this node's data (DIR/ID) first
          -console-level LEVEL   debug, info, warn or error (default info)
          -file-level LEVEL      debug, info, warn or error (default debug)
          -config FILE           an extra HOCON file layered over hocon/*.conf
          -api-keys FILE         API keys with roles, one "KEY ROLE [NAME]" a line (default: the API is open)
          -tls-cert, -tls-key, -tls-ca FILE
                                 PEM files: HTTPS for the API and mutual TLS between nodes (all three, or none)
          -advertise-http ADDR   the HTTP address clients and other nodes use, when not the bound one
          -advertise-raft ADDR   the Raft address other nodes use, when not the bound one (e.g. -raft 0.0.0.0:7000)
          -restore FILE          with -bootstrap, on an empty data directory: a new cluster whose state is that backup
          -force-new-cluster     restart from this node's data as the only voter (a majority is lost for good)
          -help                  print this help

        Settings not on the command line (timings, batch limits, snapshot threshold, idempotency
        table, storage) are in hocon/raft3d.conf and hocon/akka.conf; flags override files.
        """;

    public static NodeFlags Parse(IReadOnlyList<string> args)
    {
        var flags = new NodeFlags();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                if (i + 1 < args.Count) throw new FlagException($"unexpected argument '{args[i + 1]}': every setting is a flag (see -help)");
                break;
            }
            if (arg.Length < 2 || arg[0] != '-' || arg == "-")
                throw new FlagException($"unexpected argument '{arg}': every setting is a flag, e.g. -id node1 (see -help)");

            var body = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg[1..];
            if (body.Length == 0 || body[0] == '-' || body[0] == '=')
                throw new FlagException($"bad flag syntax: {arg}");
            string name;
            string? value = null;
            var eq = body.IndexOf('=');
            if (eq >= 0)
            {
                name = body[..eq];
                value = body[(eq + 1)..];
            }
            else
            {
                name = body;
            }

            if (BoolFlags.Contains(name))
            {
                var on = value is null || ParseBool(name, value);
                flags = Set(flags, name, on);
            }
            else if (ValueFlags.Contains(name))
            {
                if (value is null)
                {
                    if (i + 1 >= args.Count) throw new FlagException($"flag needs an argument: -{name}");
                    value = args[++i];
                }
                flags = Set(flags, name, value);
            }
            else
            {
                throw new FlagException($"flag provided but not defined: -{name} (see -help)");
            }
            if (!seen.Add(name == "h" ? "help" : name) && name is not ("help" or "h"))
                throw new FlagException($"flag given twice: -{name}");
        }
        return flags;
    }

    private static bool ParseBool(string name, string value) => value.ToLowerInvariant() switch
    {
        "1" or "t" or "true" => true,
        "0" or "f" or "false" => false,
        _ => throw new FlagException($"invalid boolean value \"{value}\" for -{name}: use -{name} or -{name}=false"),
    };

    private static NodeFlags Set(NodeFlags flags, string name, bool on) => name switch
    {
        "bootstrap" => flags with { Bootstrap = on },
        "clean" => flags with { Clean = on },
        "force-new-cluster" => flags with { ForceNewCluster = on },
        _ => flags with { Help = on },
    };

    private static NodeFlags Set(NodeFlags flags, string name, string value) => name switch
    {
        "id" => flags with { Id = value },
        "http" => flags with { Http = value },
        "raft" => flags with { Raft = value },
        "data" => flags with { Data = NonEmpty(name, value) },
        "logs" => flags with { Logs = NonEmpty(name, value) },
        "join" => flags with { Join = SplitJoin(value) },
        "console-level" => flags with { ConsoleLevel = value },
        "file-level" => flags with { FileLevel = value },
        "config" => flags with { Config = NonEmpty(name, value) },
        "api-keys" => flags with { ApiKeys = NonEmpty(name, value) },
        "tls-cert" => flags with { TlsCert = NonEmpty(name, value) },
        "tls-key" => flags with { TlsKey = NonEmpty(name, value) },
        "tls-ca" => flags with { TlsCa = NonEmpty(name, value) },
        "advertise-http" => flags with { AdvertiseHttp = NonEmpty(name, value) },
        "advertise-raft" => flags with { AdvertiseRaft = NonEmpty(name, value) },
        "restore" => flags with { Restore = NonEmpty(name, value) },
        _ => throw new FlagException($"flag provided but not defined: -{name}"),
    };

    private static string NonEmpty(string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new FlagException($"-{name} needs a non-empty value") : value;

    private static IReadOnlyList<string> SplitJoin(string value)
    {
        var addresses = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 0) throw new FlagException("-join needs at least one HTTP address, e.g. -join 127.0.0.1:8080");
        return addresses;
    }
}
