using Akka.Configuration;
using Akka.Configuration.Hocon;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Settings;
using Raft3D.Server.Diagnostics;
using Raft3D.Server.Flags;
using Raft3D.Server.Hosting;
using Raft3D.Server.Logging;

namespace Raft3D.Server.Tests.Hosting;

/// <summary>
/// The reference.conf files of Raft3D.Server and Raft3D.Consensus hold every default once; the
/// readers take every value from the merged settings and have no default of their own.
/// </summary>
public sealed class ReferenceConfigurationTests
{
    /// <summary>Akka.Remote's frame size is Akka's setting (hocon/akka.conf), not a raft3d.* one, but the reader checks it.</summary>
    private const string Frame = "akka.remote.dot-netty.tcp.maximum-frame-size = 4MiB";

    private static readonly NodeFlags Bootstrap = FlagParser.Parse(["-id", "n1", "-bootstrap"]);

    /// <summary>Every raft3d.* reader a node runs at start, on one recording reader.</summary>
    private static void ReadAll(SettingsReader settings)
    {
        NodeOptionsReader.Read(Bootstrap, settings, []);
        TelemetryOptions.Read(settings);
        LogFormats.Read(settings);
    }

    private static Config ServerPart() => ConfigurationFactory.ParseString(ServerReference.Text());

    private static Config Merged(Config server, Config raft) => ConfigurationFactory.ParseString(Frame).WithFallback(server).WithFallback(raft);

    private static IEnumerable<string> Leaves(Config config) => Leaves("", config.Root);

    private static IEnumerable<string> Leaves(string path, HoconValue value) =>
        value.IsObject()
            ? value.GetObject().Items.SelectMany(item => Leaves(path.Length == 0 ? item.Key : $"{path}.{item.Key}", item.Value))
            : [path];

    private static SortedSet<string> ReferenceKeys() => new(Leaves(ServerPart()).Concat(Leaves(RaftReference.Load())), StringComparer.Ordinal);

    public static TheoryData<string> EveryReferenceKey() => new(ReferenceKeys());

    [Fact]
    public void The_readers_read_exactly_the_keys_of_the_reference_configurations()
    {
        var settings = new SettingsReader(Merged(ServerPart(), RaftReference.Load()));
        ReadAll(settings);

        // A key read but not in a reference.conf would have failed above; a key in a reference.conf
        // that no reader reads is a default for nothing.
        Assert.Equal(ReferenceKeys(), new SortedSet<string>(settings.Paths, StringComparer.Ordinal));
        Assert.All(settings.Paths, path => Assert.StartsWith("raft3d.", path, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EveryReferenceKey))]
    public void A_missing_key_fails_naming_it_instead_of_taking_a_default(string key)
    {
        var server = ServerPart();
        var raft = RaftReference.Load();
        Assert.True(Remove(server, key) | Remove(raft, key), $"{key} is in neither reference.conf");

        var error = Assert.Throws<FlagException>(() => ReadAll(new SettingsReader(Merged(server, raft))));

        Assert.Contains($"setting {key} is missing", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void The_shipped_settings_keep_the_effective_values_they_had_when_they_held_every_default()
    {
        var before = Path.Combine(AppContext.BaseDirectory, "Hosting", "raft3d-before-reference.conf");

        var now = NodeOptionsReader.Read(FlagParser.Parse(["-id", "n1"]));
        var then = NodeOptionsReader.Read(FlagParser.Parse(["-id", "n1", "-config", before]));

        Assert.Equal(Effective(then), Effective(now));
        Assert.Contains(now.ConfigSources, s => s.StartsWith("reference.conf", StringComparison.Ordinal));
    }

    [Fact]
    public void The_option_types_default_to_the_reference_values()
    {
        var node = NodeOptionsReader.Read(FlagParser.Parse(["-id", "n1"]), new SettingsReader(Merged(ServerPart(), RaftReference.Load())), []);
        var read = node.RaftSettings(() => throw new InvalidOperationException());
        var types = new RaftNodeSettings("n1", () => throw new InvalidOperationException());

        // RemoveDeadServersAfterTicks is a duration over the tick, converted by the reader; the type's 0 is "never".
        Assert.Equal(new RaftOptions { RemoveDeadServersAfterTicks = read.Options.RemoveDeadServersAfterTicks }, read.Options);
        Assert.Equal(
            (types.TickInterval, types.MaxProposalBatch, types.MaxPendingProposals, types.SnapshotThresholdEntries, types.SnapshotThresholdBytes, types.RestartMinBackoff, types.RestartMaxBackoff),
            (read.TickInterval, read.MaxProposalBatch, read.MaxPendingProposals, read.SnapshotThresholdEntries, read.SnapshotThresholdBytes, read.RestartMinBackoff, read.RestartMaxBackoff));
        Assert.Equal(StorageTimeouts.Default, node.Storage.Timeouts);
    }

    /// <summary>
    /// Akka's WithFallback extends a configuration's fallback chain in place: with one shared
    /// reference instance under every node, a node's own settings would leak into the next node
    /// started in the same process (found as a 500 from a node restarted in a CLI test).
    /// </summary>
    [Fact]
    public void One_node_s_settings_never_leak_into_the_next_node_s()
    {
        var (first, _) = HoconLoader.Load(null);
        _ = first.WithFallback(ConfigurationFactory.ParseString("raft3d.leaked = yes"));

        var (second, _) = HoconLoader.Load(null);

        Assert.False(second.HasPath("raft3d.leaked"));
    }

    /// <summary>Every value a node runs with that settings decide (not the fresh cluster id of a bootstrap).</summary>
    private static string Effective(NodeOptions node)
    {
        var raft = node.RaftSettings(() => throw new InvalidOperationException());
        return string.Join('\n', new object?[]
        {
            node.Http, node.Raft, node.DataDirectory, node.LogFile, node.DatabasePath, node.ConsoleLevel, node.FileLevel,
            node.Api, node.Idempotency, node.Storage, node.Join, node.Events, node.Security,
            raft.Options, raft.TickInterval, raft.MaxProposalBatch, raft.MaxPendingProposals,
            raft.SnapshotThresholdEntries, raft.SnapshotThresholdBytes, raft.RestartMinBackoff, raft.RestartMaxBackoff,
            TelemetryOptions.Read(node.Config), LogFormats.Read(node.Config),
            node.Config.GetConfig("akka").Root.ToString(),
        });
    }

    /// <summary>Takes <paramref name="path"/> out of a parsed configuration; false when it is not there.</summary>
    private static bool Remove(Config config, string path)
    {
        var names = path.Split('.');
        var value = config.Root;
        foreach (var name in names[..^1])
        {
            if (!value.IsObject() || !value.GetObject().Items.TryGetValue(name, out var next)) return false;
            value = next;
        }
        return value.IsObject() && value.GetObject().Items.Remove(names[^1]);
    }
}
