using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Snapshots;
using Raft3D.Consensus.Serialization;

namespace Raft3D.Consensus.Tests.Serialization;

public sealed class RaftSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serializer", ConfigurationFactory.ParseString(RaftHocon.Serialization));

    private static readonly LogEntry[] Entries =
    [
        new(41, 3, EntryKind.Command, [1, 2, 3]),
        new(42, 3, EntryKind.NoOp, LogEntry.Empty),
        new(43, 4, EntryKind.Configuration, ConfigurationCodec.Encode(Configuration())),
    ];

    private static ClusterConfiguration Configuration() => new(
        [new Member("n1", "akka.tcp://raft3d@127.0.0.1:7000", "127.0.0.1:8080"), new Member("n2", "akka.tcp://raft3d@127.0.0.1:7001", "127.0.0.1:8081")],
        [new Member("n3", "akka.tcp://raft3d@127.0.0.1:7002", "127.0.0.1:8082")]);

    public static TheoryData<object> Messages() =>
    [
        new RequestVote(7, "n1", 100, 6, true, false),
        new RequestVoteResponse(7, "n2", true, true),
        new AppendEntries(7, "n1", 40, 3, Entries, 39, 12),
        new AppendEntries(7, "n1", 40, 3, [], 39, 12),
        new AppendEntriesResponse(7, "n2", false, 0, 40, 35, 2, 38, 12),
        new Heartbeat(7, "n1", 39, 5),
        new HeartbeatResponse(7, "n2", 5, 43),
        new ReadIndexRequest(7, "n2", 9),
        new ReadIndexResponse(7, "n1", 9, 43, true),
        new TimeoutNow(7, "n1"),
        new InstallSnapshot(7, "n1", 500, 6, ConfigurationCodec.Encode(Configuration()), 262144, [9, 8, 7], false, 3),
        new InstallSnapshotResponse(7, "n2", 500, 262147, true, 3),
        new HardStateChanged(7, "n1"),
        new HardStateChanged(8, null),
        new EntriesAppended(Entries),
        new LogTruncated(42),
        new SnapshotInstalled(500, 6, ConfigurationCodec.Encode(Configuration()), [5, 5, 5]),
        new RaftSnapshot(500, 6, ConfigurationCodec.Encode(Configuration()), [5, 5], 7, "n2", Entries),
        new RaftSnapshot(500, 6, ConfigurationCodec.Encode(ClusterConfiguration.Empty), [], 7, null, []),
        new Propose([1, 2, 3], 2) { PreviousReleaseAnswers = true },
        new Propose([1, 2, 3], 1) { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
        new ProposeResult.Applied(42, [4, 5]),
        new ProposeResult.NoLeader("no leader"),
        new ProposeResult.OutcomeUnknown("lost"),
        new ProposeResult.Overloaded("busy"),
        new AddMember(new Member("n4", "akka.tcp://raft3d@127.0.0.1:7003", "127.0.0.1:8083"), 1),
        new RemoveMember("n3", 0),
        new MembershipResult.Done(44, Configuration()),
        new MembershipResult.Rejected("busy"),
        new MembershipResult.NoLeader("none"),
        new MembershipResult.OutcomeUnknown("lost"),
        new TransferLeadership("n2", 1),
        new TransferLeadership(null, 0),
        new TransferResult.Done("n2", 8),
        new TransferResult.Rejected("no"),
        new TransferResult.NoLeader("none"),
        // Added after the golden rows (WireGoldenTests refers to the rows above by position).
        new SnapshotInstalled(500, 6, ConfigurationCodec.Encode(Configuration()), [], new SnapshotSegments(3, 4, 1_000)),
        new RaftSnapshot(500, 6, ConfigurationCodec.Encode(Configuration()), [], 7, "n2", Entries, new SnapshotSegments(3, 4, 1_000)),
        new SnapshotSegment([1, 2, 3]),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_and_event_round_trips_to_identical_bytes(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<RaftSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var bytes = serializer.ToBinary(message);

        var decoded = _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.Equal(message.GetType(), decoded.GetType());
        Assert.Equal(bytes, serializer.ToBinary(decoded));
    }

    [Fact]
    public void Entries_keep_index_term_kind_and_data()
    {
        var serializer = (SerializerWithStringManifest)_system.Serialization.FindSerializerFor(new EntriesAppended(Entries));
        var decoded = (EntriesAppended)serializer.FromBinary(serializer.ToBinary(new EntriesAppended(Entries)), serializer.Manifest(new EntriesAppended(Entries)));
        Assert.Equal(Entries.Select(e => (e.Index, e.Term, e.Kind)), decoded.Entries.Select(e => (e.Index, e.Term, e.Kind)));
        Assert.Equal(Entries[0].Data, decoded.Entries[0].Data);
        Assert.Equal(Configuration().ToString(), ConfigurationCodec.Decode(decoded.Entries[2].Data).ToString());
    }

    [Fact]
    public void An_append_of_ten_small_entries_is_compact()
    {
        var entries = Enumerable.Range(1, 10).Select(i => new LogEntry(1000 + i, 5, EntryKind.Command, new byte[64])).ToList();
        var bytes = new RaftSerializer((ExtendedActorSystem)_system).ToBinary(new AppendEntries(5, "n1", 1000, 5, entries, 999, 1));
        // 640 bytes of payload plus a few bytes of header per entry (JSON took 2.4 KB here).
        Assert.InRange(bytes.Length, 640, 720);
    }

    [Fact]
    public void An_unknown_format_version_is_refused_with_a_clear_error()
    {
        var serializer = new RaftSerializer((ExtendedActorSystem)_system);
        var bytes = serializer.ToBinary(new LogTruncated(3));
        bytes[0] = 99;
        var error = Assert.ThrowsAny<Exception>(() => serializer.FromBinary(bytes, "LT"));
        Assert.Contains("version 99", error.Message);
        Assert.Contains($"reads version 1", error.Message);
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
