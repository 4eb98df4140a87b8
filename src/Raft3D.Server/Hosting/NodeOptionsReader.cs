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
        var (config, sources) = Load(flags);
        return Read(flags, new SettingsReader(config), sources);
    }

    /// <summary>Reads from settings already merged (a test's, to see which keys are read).</summary>
    public static NodeOptions Read(NodeFlags flags, SettingsReader settings, IReadOnlyList<string> sources)
    {
        try
        {
            return ReadChecked(flags, settings, sources);
        }
        catch (Exception e) when (e is not FlagException)
        {
            // The HOCON parser accepts some broken files and fails later, on reading them.
            throw new FlagException($"settings: cannot be read ({e.GetType().Name}: {e.Message.Split('\n', 2)[0].Trim()}); check the -config file and hocon/*.conf");
        }
    }

    private static (Akka.Configuration.Config, IReadOnlyList<string>) Load(NodeFlags flags)
    {
        CheckId(flags);
        try
        {
            return HoconLoader.Load(flags.Config);
        }
        catch (Exception e) when (e is not FlagException)
        {
            throw new FlagException($"settings: cannot be read ({e.GetType().Name}: {e.Message.Split('\n', 2)[0].Trim()}); check the -config file and hocon/*.conf");
        }
    }

    /// <summary>The node's id from -id, checked.</summary>
    private static string CheckId(NodeFlags flags)
    {
        if (string.IsNullOrEmpty(flags.Id)) throw new FlagException("-id is required: name this node, e.g. -id node1 (see -help)");
        if (!IdPattern().IsMatch(flags.Id))
            throw new FlagException($"-id {flags.Id}: use 1-128 letters, digits, '-', '_' or '.'");
        // DATA/. is DATA itself and DATA/.. its parent: -clean would wipe every node's data.
        if (flags.Id is "." or "..")
            throw new FlagException($"-id {flags.Id}: not a usable id (it names a folder, not a node); use letters or digits, e.g. -id node1");
        return flags.Id;
    }

    private static NodeOptions ReadChecked(NodeFlags flags, SettingsReader settings, IReadOnlyList<string> sources)
    {
        var nodeId = CheckId(flags);
        var config = settings.Config;
        foreach (var section in new[] { "raft3d.node", "raft3d.raft", "raft3d.api", "raft3d.idempotency", "raft3d.join", "raft3d.events", "raft3d.storage" })
            settings.RequireObject(section);
        var http = HostPort.Parse(flags.Http ?? settings.String("raft3d.node.http"), "http", allowEmptyHost: true);
        var raftFlag = flags.Raft ?? settings.String("raft3d.node.raft");
        var raft = HostPort.Parse(raftFlag, "raft", allowEmptyHost: true);
        var advertiseHttp = flags.AdvertiseHttp is { } ah ? Advertise(ah, "advertise-http") : null;
        var advertiseRaft = flags.AdvertiseRaft is { } ar ? Advertise(ar, "advertise-raft") : null;
        if (raft.IsWildcard && raft.Host.Length > 0 && advertiseRaft is null)
            throw new FlagException($"-raft {raftFlag}: name an address peers can reach (e.g. 127.0.0.1:{raft.Port}), or give it with -advertise-raft");
        if (raft.Host.Length == 0) raft = raft with { Host = "127.0.0.1" };
        if (http.Port == raft.Port && (http.IsWildcard || http.AdvertisedHost == raft.Host))
            throw new FlagException($"-http {http} and -raft {raft} use the same port");
        var data = flags.Data ?? settings.String("raft3d.node.data");
        var logs = flags.Logs ?? settings.String("raft3d.node.logs");
        var consoleLevel = LogLevels.Parse(flags.ConsoleLevel ?? settings.String("raft3d.node.console-level"), "console-level");
        var fileLevel = LogLevels.Parse(flags.FileLevel ?? settings.String("raft3d.node.file-level"), "file-level");
        var security = SecurityReader.Read(flags, settings);
        var joins = flags.Join.Select(j => HostPort.Parse(j, "join", allowEmptyHost: true).Advertised).ToList();

        var tick = settings.Duration("raft3d.raft.tick-interval");
        var removeDeadAfter = settings.TimeSpanOrZero("raft3d.raft.remove-dead-servers-after");
        var options = new RaftOptions
        {
            ElectionTicks = settings.Positive("raft3d.raft.election-ticks"),
            HeartbeatTicks = settings.Positive("raft3d.raft.heartbeat-ticks"),
            PreVote = settings.Boolean("raft3d.raft.pre-vote"),
            CheckQuorum = settings.Boolean("raft3d.raft.check-quorum"),
            MaxInflight = settings.Positive("raft3d.raft.max-inflight"),
            MaxAppendBytes = (int)settings.Bytes("raft3d.raft.max-append-bytes"),
            SnapshotChunkBytes = (int)settings.Bytes("raft3d.raft.snapshot-chunk-bytes"),
            PromoteWithinEntries = settings.Positive("raft3d.raft.promote-within-entries"),
            RemoveDeadServersAfterTicks = (int)Math.Ceiling(removeDeadAfter / tick),
            MinimumVoters = settings.Positive("raft3d.raft.minimum-voters"),
        };
        if (options.HeartbeatTicks >= options.ElectionTicks)
            throw new FlagException("setting raft3d.raft.heartbeat-ticks must be below election-ticks");
        var maxBatch = settings.Positive("raft3d.raft.max-proposal-batch");
        var snapshotThreshold = settings.Positive("raft3d.raft.snapshot-threshold");
        var snapshotThresholdBytes = settings.Bytes("raft3d.raft.snapshot-threshold-bytes");
        var snapshotSegmentBytes = settings.Bytes("raft3d.raft.snapshot-segment-bytes");
        if (snapshotSegmentBytes is < 64 * 1024 or > 512 * 1024 * 1024)
            throw new FlagException($"setting raft3d.raft.snapshot-segment-bytes must be from 64KiB to 512MiB, not {snapshotSegmentBytes} bytes");
        var journalDeleteBatch = settings.Positive("raft3d.storage.journal-delete-batch");
        var snapshotCpuPercent = settings.Between("raft3d.raft.snapshot-cpu-percent", 1, 100);

        var apiOptions = new ApiOptions(
            settings.Duration("raft3d.api.request-timeout"),
            settings.Duration("raft3d.api.retry-after"),
            settings.Duration("raft3d.api.cluster-timeout"))
        {
            MaxBodyBytes = settings.Bytes("raft3d.api.max-body-bytes"),
            MaxBodiesInFlight = settings.Positive("raft3d.api.max-bodies-in-flight"),
            MaxBodyBytesInFlight = settings.Bytes("raft3d.api.max-body-bytes-in-flight"),
            MaxList = settings.Positive("raft3d.api.max-list"),
        };
        // One body of the largest size must always fit, or such a write could never be served.
        if (apiOptions.MaxBodyBytesInFlight < apiOptions.MaxBodyBytes)
            throw new FlagException($"raft3d.api.max-body-bytes-in-flight ({apiOptions.MaxBodyBytesInFlight} bytes) must be at least raft3d.api.max-body-bytes ({apiOptions.MaxBodyBytes} bytes)");
        var maxPending = settings.Positive("raft3d.raft.max-pending-proposals");
        var frame = Setting(config, "akka.remote.dot-netty.tcp.maximum-frame-size",
            // Akka.Remote's own default when the setting is absent.
            c => c.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128_000L);
        if (FrameBudget.Check(frame, options.MaxAppendBytes, options.SnapshotChunkBytes, apiOptions.MaxBodyBytes) is { } tooSmall)
            throw new FlagException(tooSmall);
        var idempotency = new IdempotencyOptions(
            settings.Positive("raft3d.idempotency.max-entries"),
            settings.Duration("raft3d.idempotency.max-age"),
            settings.Positive("raft3d.idempotency.max-key-length"));
        // The node proposes these as the cluster's first settings: bounds the log would refuse to
        // apply are refused here, at start, instead of being proposed again and again.
        if (new Settings.ClusterSettings(idempotency.MaxEntries, idempotency.MaxAge).Problem() is { } problem)
            throw new FlagException(problem.Field == Settings.ClusterSettings.MaxEntriesField
                ? $"raft3d.idempotency.max-entries must be at most {Settings.ClusterSettings.MaxIdempotencyEntries}, not {idempotency.MaxEntries}"
                : $"raft3d.idempotency.max-age must be a whole number of seconds from 1s to {Settings.ClusterSettings.MaxIdempotencyAge.TotalDays:0}d, not {idempotency.MaxAge}");
        var joinOptions = new JoinOptions(joins,
            settings.Duration("raft3d.join.initial-backoff"),
            settings.Duration("raft3d.join.max-backoff"),
            settings.Duration("raft3d.join.attempt-timeout"));
        var eventOptions = new EventOptions(
            settings.Positive("raft3d.events.window"),
            settings.Duration("raft3d.events.keep-alive"),
            settings.Duration("raft3d.events.stall-timeout"));
        var fileName = settings.String("raft3d.storage.file-name");
        if (string.IsNullOrWhiteSpace(fileName) || fileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new FlagException($"raft3d.storage.file-name '{fileName}' is not a file name");

        var timeouts = new StorageTimeouts(
            settings.Duration("raft3d.storage.busy-timeout"),
            settings.Duration("raft3d.storage.call-timeout"),
            settings.Duration("raft3d.storage.breaker-reset-timeout"));
        if (StorageTimeouts.Check(timeouts.BusyTimeout, timeouts.CallTimeout, timeouts.BreakerResetTimeout) is { } badTimeouts)
            throw new FlagException($"settings raft3d.storage: {badTimeouts}");
        var storageOptions = new StorageOptions(timeouts,
            settings.Duration("raft3d.storage.restart-min-backoff"),
            settings.Duration("raft3d.storage.restart-max-backoff"),
            settings.Duration("raft3d.storage.give-up-after"));

        var dataDirectory = Path.GetFullPath(Path.Combine(data, nodeId));
        var raftAdvertised = advertiseRaft ?? raft;
        var self = new Member(nodeId, NodeOptions.AkkaAddress(raftAdvertised.Host, raftAdvertised.Port, security.Tls is not null), advertiseHttp?.Advertised ?? http.Advertised);
        if (flags.Restore is not null && !flags.Bootstrap)
            throw new FlagException($"-restore {flags.Restore} needs -bootstrap: a backup starts a new cluster (other nodes then -join it)");
        if (flags.ForceNewCluster && (flags.Bootstrap || flags.Restore is not null || flags.Clean || flags.Join.Count > 0))
            throw new FlagException("-force-new-cluster restarts a node from its own data: use it without -bootstrap, -restore, -clean or -join");
        // The list only matters (and is only checked) when this node bootstraps a new cluster.
        var bootstrapMembers = flags.Bootstrap ? BootstrapMembers(settings, self, security.Tls is not null) : [];
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
            SnapshotCpuPercent = snapshotCpuPercent,
            RaftSettings = stateMachine => new RaftNodeSettings(nodeId, stateMachine)
            {
                Options = options,
                TickInterval = tick,
                MaxProposalBatch = maxBatch,
                MaxPendingProposals = maxPending,
                SnapshotThresholdEntries = snapshotThreshold,
                SnapshotThresholdBytes = snapshotThresholdBytes,
                SnapshotSegmentBytes = (int)snapshotSegmentBytes,
                SnapshotCpuPercent = snapshotCpuPercent,
                JournalDeleteBatch = journalDeleteBatch,
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
    private static IReadOnlyList<Member> BootstrapMembers(SettingsReader settings, Member self, bool tls)
    {
        var members = new List<Member>();
        IList<Akka.Configuration.Hocon.HoconValue> items;
        var value = settings.Value("raft3d.node.bootstrap-members");
        try
        {
            items = value.GetArray();
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

    private static T Setting<T>(Config config, string path, Func<Config, T> read)
    {
        try
        {
            return read(config);
        }
        catch (Exception e)
        {
            throw new FlagException($"setting {path}: {e.Message.Split('\n', 2)[0].Trim()}");
        }
    }
}
