using System.Text.RegularExpressions;
using Akka.Configuration;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;
using Raft3D.Server.Flags;
using Raft3D.Server.Logging;
using Raft3D.Server.Security;

namespace Raft3D.Server.Hosting;

/// <summary>Resolves <see cref="NodeOptions"/> from flags and the layered HOCON, checking every value.</summary>
public static partial class NodeOptionsReader
{
    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex IdPattern();

    public static NodeOptions Read(NodeFlags flags)
    {
        try
        {
            return ReadChecked(flags);
        }
        catch (Exception e) when (e is not FlagException)
        {
            // The HOCON parser accepts some broken files and fails later, on reading them.
            throw new FlagException($"settings: cannot be read ({e.GetType().Name}: {e.Message.Split('\n', 2)[0].Trim()}); check the -config file and hocon/*.conf");
        }
    }

    private static NodeOptions ReadChecked(NodeFlags flags)
    {
        if (string.IsNullOrEmpty(flags.Id)) throw new FlagException("-id is required: name this node, e.g. -id node1 (see -help)");
        if (!IdPattern().IsMatch(flags.Id))
            throw new FlagException($"-id {flags.Id}: use 1-128 letters, digits, '-', '_' or '.'");
        // DATA/. is DATA itself and DATA/.. its parent: -clean would wipe every node's data.
        if (flags.Id is "." or "..")
            throw new FlagException($"-id {flags.Id}: not a usable id (it names a folder, not a node); use letters or digits, e.g. -id node1");

        var (config, sources) = HoconLoader.Load(flags.Config);
        var node = Section(config, "raft3d.node");
        var http = HostPort.Parse(flags.Http ?? Setting(node, "http", c => c.GetString("http", ":8080")), "http", allowEmptyHost: true);
        var raftFlag = flags.Raft ?? Setting(node, "raft", c => c.GetString("raft", "127.0.0.1:7000"));
        var raft = HostPort.Parse(raftFlag, "raft", allowEmptyHost: true);
        var advertiseHttp = flags.AdvertiseHttp is { } ah ? Advertise(ah, "advertise-http") : null;
        var advertiseRaft = flags.AdvertiseRaft is { } ar ? Advertise(ar, "advertise-raft") : null;
        if (raft.IsWildcard && raft.Host.Length > 0 && advertiseRaft is null)
            throw new FlagException($"-raft {raftFlag}: name an address peers can reach (e.g. 127.0.0.1:{raft.Port}), or give it with -advertise-raft");
        if (raft.Host.Length == 0) raft = raft with { Host = "127.0.0.1" };
        if (http.Port == raft.Port && (http.IsWildcard || http.AdvertisedHost == raft.Host))
            throw new FlagException($"-http {http} and -raft {raft} use the same port");
        var data = flags.Data ?? Setting(node, "data", c => c.GetString("data", "data"));
        var logs = flags.Logs ?? Setting(node, "logs", c => c.GetString("logs", "logs"));
        var consoleLevel = LogLevels.Parse(flags.ConsoleLevel ?? Setting(node, "console-level", c => c.GetString("console-level", "info")), "console-level");
        var fileLevel = LogLevels.Parse(flags.FileLevel ?? Setting(node, "file-level", c => c.GetString("file-level", "debug")), "file-level");
        var security = SecurityReader.Read(flags, node);
        var joins = flags.Join.Select(j => HostPort.Parse(j, "join", allowEmptyHost: true).Advertised).ToList();

        var raftConfig = Section(config, "raft3d.raft");
        var tick = Setting(raftConfig, "raft3d.raft.tick-interval", c => c.GetTimeSpan("tick-interval", TimeSpan.FromMilliseconds(50)));
        if (tick <= TimeSpan.Zero) throw new FlagException("setting raft3d.raft.tick-interval must be above 0");
        var options = new RaftOptions
        {
            ElectionTicks = Positive(raftConfig, "raft3d.raft.election-ticks", 10),
            HeartbeatTicks = Positive(raftConfig, "raft3d.raft.heartbeat-ticks", 2),
            PreVote = Setting(raftConfig, "raft3d.raft.pre-vote", c => c.GetBoolean("pre-vote", true)),
            CheckQuorum = Setting(raftConfig, "raft3d.raft.check-quorum", c => c.GetBoolean("check-quorum", true)),
            MaxInflight = Positive(raftConfig, "raft3d.raft.max-inflight", 64),
            MaxAppendBytes = (int)Bytes(raftConfig, "raft3d.raft.max-append-bytes", 256 * 1024),
            SnapshotChunkBytes = (int)Bytes(raftConfig, "raft3d.raft.snapshot-chunk-bytes", 256 * 1024),
            PromoteWithinEntries = Positive(raftConfig, "raft3d.raft.promote-within-entries", 64),
            RemoveDeadServersAfterTicks = (int)Math.Ceiling(
                Setting(raftConfig, "raft3d.raft.remove-dead-servers-after", c => c.GetTimeSpan("remove-dead-servers-after", TimeSpan.FromMinutes(5))) / tick),
            MinimumVoters = Positive(raftConfig, "raft3d.raft.minimum-voters", 3),
        };
        if (options.HeartbeatTicks >= options.ElectionTicks)
            throw new FlagException("setting raft3d.raft.heartbeat-ticks must be below election-ticks");
        var maxBatch = Positive(raftConfig, "raft3d.raft.max-proposal-batch", 1024);
        var snapshotThreshold = Positive(raftConfig, "raft3d.raft.snapshot-threshold", 100_000);
        var snapshotThresholdBytes = Bytes(raftConfig, "raft3d.raft.snapshot-threshold-bytes", 64L * 1024 * 1024);

        var api = Section(config, "raft3d.api");
        var apiOptions = new ApiOptions(
            Duration(api, "raft3d.api.request-timeout", "request-timeout", TimeSpan.FromSeconds(5)),
            Duration(api, "raft3d.api.retry-after", "retry-after", TimeSpan.FromSeconds(1)),
            Duration(api, "raft3d.api.cluster-timeout", "cluster-timeout", TimeSpan.FromSeconds(10)))
        {
            MaxBodyBytes = Bytes(api, "raft3d.api.max-body-bytes", 1024 * 1024),
            MaxList = Positive(api, "raft3d.api.max-list", 10_000),
        };
        var maxPending = Positive(raftConfig, "raft3d.raft.max-pending-proposals", 20_000);
        var frame = Setting(config, "akka.remote.dot-netty.tcp.maximum-frame-size",
            // Akka.Remote's own default when the setting is absent.
            c => c.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128_000L);
        if (FrameBudget.Check(frame, options.MaxAppendBytes, options.SnapshotChunkBytes, apiOptions.MaxBodyBytes) is { } tooSmall)
            throw new FlagException(tooSmall);
        var idem = Section(config, "raft3d.idempotency");
        var idempotency = new IdempotencyOptions(
            Positive(idem, "raft3d.idempotency.max-entries", 100_000),
            Duration(idem, "raft3d.idempotency.max-age", "max-age", TimeSpan.FromHours(24)),
            Positive(idem, "raft3d.idempotency.max-key-length", 255));
        var join = Section(config, "raft3d.join");
        var joinOptions = new JoinOptions(joins,
            Duration(join, "raft3d.join.initial-backoff", "initial-backoff", TimeSpan.FromMilliseconds(250)),
            Duration(join, "raft3d.join.max-backoff", "max-backoff", TimeSpan.FromSeconds(5)),
            Duration(join, "raft3d.join.attempt-timeout", "attempt-timeout", TimeSpan.FromSeconds(15)));
        var events = Section(config, "raft3d.events");
        var eventOptions = new EventOptions(
            Positive(events, "raft3d.events.window", 10_000),
            Duration(events, "raft3d.events.keep-alive", "keep-alive", TimeSpan.FromSeconds(15)),
            Duration(events, "raft3d.events.stall-timeout", "stall-timeout", TimeSpan.FromSeconds(30)));
        var fileName = Setting(config, "raft3d.storage.file-name", c => c.GetString("raft3d.storage.file-name", "raft.db"));
        if (string.IsNullOrWhiteSpace(fileName) || fileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new FlagException($"raft3d.storage.file-name '{fileName}' is not a file name");

        var storage = Section(config, "raft3d.storage");
        var timeouts = new StorageTimeouts(
            Duration(storage, "raft3d.storage.busy-timeout", "busy-timeout", StorageTimeouts.Default.BusyTimeout),
            Duration(storage, "raft3d.storage.call-timeout", "call-timeout", StorageTimeouts.Default.CallTimeout),
            Duration(storage, "raft3d.storage.breaker-reset-timeout", "breaker-reset-timeout", StorageTimeouts.Default.BreakerResetTimeout));
        if (StorageTimeouts.Check(timeouts.BusyTimeout, timeouts.CallTimeout, timeouts.BreakerResetTimeout) is { } badTimeouts)
            throw new FlagException($"settings raft3d.storage: {badTimeouts}");
        var storageOptions = new StorageOptions(timeouts,
            Duration(storage, "raft3d.storage.restart-min-backoff", "restart-min-backoff", TimeSpan.FromMilliseconds(200)),
            Duration(storage, "raft3d.storage.restart-max-backoff", "restart-max-backoff", TimeSpan.FromSeconds(5)),
            Duration(storage, "raft3d.storage.give-up-after", "give-up-after", TimeSpan.FromSeconds(60)));

        var dataDirectory = Path.GetFullPath(Path.Combine(data, flags.Id));
        var nodeId = flags.Id;
        var raftAdvertised = advertiseRaft ?? raft;
        var self = new Member(nodeId, NodeOptions.AkkaAddress(raftAdvertised.Host, raftAdvertised.Port, security.Tls is not null), advertiseHttp?.Advertised ?? http.Advertised);
        if (flags.Restore is not null && !flags.Bootstrap)
            throw new FlagException($"-restore {flags.Restore} needs -bootstrap: a backup starts a new cluster (other nodes then -join it)");
        if (flags.ForceNewCluster && (flags.Bootstrap || flags.Restore is not null || flags.Clean || flags.Join.Count > 0))
            throw new FlagException("-force-new-cluster restarts a node from its own data: use it without -bootstrap, -restore, -clean or -join");
        // The list only matters (and is only checked) when this node bootstraps a new cluster.
        var bootstrapMembers = flags.Bootstrap ? BootstrapMembers(node, self, security.Tls is not null) : [];
        return new NodeOptions
        {
            NodeId = nodeId,
            Http = http,
            Raft = raft,
            DataDirectory = dataDirectory,
            LogFile = Path.GetFullPath(Path.Combine(logs, flags.Id + ".log")),
            DatabasePath = Path.Combine(dataDirectory, fileName),
            Bootstrap = flags.Bootstrap,
            Clean = flags.Clean,
            AdvertiseHttp = advertiseHttp,
            AdvertiseRaft = advertiseRaft,
            RestoreFile = flags.Restore is { } restore ? Path.GetFullPath(restore) : null,
            ForceNewCluster = flags.ForceNewCluster,
            BootstrapMembers = bootstrapMembers,
            ConsoleLevel = consoleLevel,
            FileLevel = fileLevel,
            Api = apiOptions,
            Idempotency = idempotency,
            Storage = storageOptions,
            Join = joinOptions,
            Events = eventOptions,
            Security = security,
            Config = config,
            ConfigSources = sources,
            TickInterval = tick,
            RaftSettings = stateMachine => new RaftNodeSettings(nodeId, stateMachine)
            {
                Options = options,
                TickInterval = tick,
                MaxProposalBatch = maxBatch,
                MaxPendingProposals = maxPending,
                SnapshotThresholdEntries = snapshotThreshold,
                SnapshotThresholdBytes = snapshotThresholdBytes,
                RestartMinBackoff = storageOptions.RestartMinBackoff,
                RestartMaxBackoff = storageOptions.RestartMaxBackoff,
                Bootstrap = flags.Bootstrap
                    ? new ClusterConfiguration(bootstrapMembers.Count > 0 && flags.Restore is null ? bootstrapMembers : [self], [])
                    {
                        ClusterId = bootstrapMembers.Count > 0 && flags.Restore is null ? ClusterIds.FromMembers(bootstrapMembers) : ClusterIds.New(),
                    }
                    : null,
                ForceNewCluster = flags.ForceNewCluster ? self : null,
            },
        };
    }

    /// <summary>An -advertise-* address: a host others can reach, never a wildcard.</summary>
    private static HostPort Advertise(string value, string flag)
    {
        var address = HostPort.Parse(value, flag, allowEmptyHost: false);
        return address.IsWildcard
            ? throw new FlagException($"-{flag} {value}: advertise an address others can reach, not a wildcard")
            : address;
    }

    /// <summary>raft3d.node.bootstrap-members: every entry { id, raft, http }; this node must be among them.</summary>
    private static IReadOnlyList<Member> BootstrapMembers(Config node, Member self, bool tls)
    {
        if (!node.HasPath("bootstrap-members")) return [];
        var members = new List<Member>();
        IList<Akka.Configuration.Hocon.HoconValue> items;
        try
        {
            items = node.GetValue("bootstrap-members").GetArray();
        }
        catch (Exception e)
        {
            throw new FlagException($"raft3d.node.bootstrap-members must be a list of {{ id, raft, http }} ({e.Message})");
        }
        foreach (var item in items)
        {
            var entry = new Config(new Akka.Configuration.Hocon.HoconRoot(item));
            var id = entry.GetString("id", null);
            var raftText = entry.GetString("raft", null);
            var httpText = entry.GetString("http", null);
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(raftText) || string.IsNullOrEmpty(httpText))
                throw new FlagException("raft3d.node.bootstrap-members: every entry needs id, raft and http, e.g. { id = node1, raft = \"127.0.0.1:7001\", http = \"127.0.0.1:8081\" }");
            var raft = HostPort.Parse(raftText, "raft", allowEmptyHost: false);
            var http = HostPort.Parse(httpText, "http", allowEmptyHost: true);
            members.Add(new Member(id, NodeOptions.AkkaAddress(raft.Host, raft.Port, tls), http.Advertised));
        }
        if (members.Count == 0) return [];
        if (members.Select(m => m.Id).Distinct().Count() != members.Count)
            throw new FlagException("raft3d.node.bootstrap-members: an id appears twice");
        var listed = members.FirstOrDefault(m => m.Id == self.Id);
        if (listed is null)
            throw new FlagException($"raft3d.node.bootstrap-members does not list this node ({self.Id})");
        if (listed.RaftAddress != self.RaftAddress)
            throw new FlagException($"raft3d.node.bootstrap-members lists {self.Id} at {listed.RaftAddress}, but -raft makes it {self.RaftAddress}");
        return members;
    }

    /// <summary>A section of settings, which must be an object when present.</summary>
    private static Config Section(Config config, string path)
    {
        if (!config.HasPath(path)) return Config.Empty;
        var value = config.GetValue(path);
        if (value is null || !value.IsObject()) throw new FlagException($"setting {path} must be an object {{ ... }}");
        return config.GetConfig(path) ?? Config.Empty;
    }

    private static T Setting<T>(Config config, string path, Func<Config, T> read)
    {
        try
        {
            return read(config);
        }
        catch (FlagException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new FlagException($"setting {path}: {e.Message.Split('\n', 2)[0].Trim()}");
        }
    }

    private static int Positive(Config config, string path, int fallback)
    {
        var key = path[(path.LastIndexOf('.') + 1)..];
        var value = Setting(config, path, c => c.GetInt(key, fallback));
        return value > 0 ? value : throw new FlagException($"setting {path} must be above 0, not {value}");
    }

    private static long Bytes(Config config, string path, long fallback)
    {
        var key = path[(path.LastIndexOf('.') + 1)..];
        var value = Setting(config, path, c => c.HasPath(key) ? c.GetByteSize(key) ?? fallback : fallback);
        return value is > 0 and <= int.MaxValue ? value : throw new FlagException($"setting {path} must be above 0, not {value}");
    }

    private static TimeSpan Duration(Config config, string path, string key, TimeSpan fallback)
    {
        var value = Setting(config, path, c => c.GetTimeSpan(key, fallback));
        return value > TimeSpan.Zero ? value : throw new FlagException($"setting {path} must be above 0");
    }
}
