using Akka.Actor;
using Akka.Configuration;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Serialization;

namespace Raft3D.Consensus.Tests.Serialization;

/// <summary>
/// The bytes of every message as the release before the codec table wrote them (v0.1.0's
/// RaftSerializer; PT and PO as the release that added them), captured once and checked
/// forever: a node of either release must read what the other writes.
/// </summary>
public sealed class WireGoldenTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("golden", ConfigurationFactory.ParseString(RaftHocon.Serialization));

    /// <summary>Row = position in <see cref="RaftSerializerTests.Messages"/> (append there, never insert), manifest, bytes.</summary>
    public static TheoryData<int, string, string> Golden => new()
    {
        { 0, "RV", "0107026E3164060100" },
        { 1, "RVR", "0107026E320101" },
        { 2, "AE", "0107026E312803032903000301020303010004029D010102026E3120616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030300E3132372E302E302E313A38303830026E3220616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030310E3132372E302E302E313A3830383101026E3320616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030320E3132372E302E302E313A3830383200270C" },
        { 3, "AE", "0107026E31280300270C" },
        { 4, "AER", "0107026E320000282302260C" },
        { 5, "HB", "0107026E312705" },
        { 6, "HBR", "0107026E32052B" },
        { 7, "RIQ", "0107026E3209" },
        { 8, "RIR", "0107026E31092B01" },
        { 9, "TN", "0107026E31" },
        { 10, "IS", "0107026E31F403069D010102026E3120616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030300E3132372E302E302E313A38303830026E3220616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030310E3132372E302E302E313A3830383101026E3320616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030320E3132372E302E302E313A3830383200808010030908070003" },
        { 11, "ISR", "0107026E32F4038380100103" },
        { 12, "HS", "010701026E31" },
        { 13, "HS", "010800" },
        { 14, "EA", "01032903000301020303010004029D010102026E3120616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030300E3132372E302E302E313A38303830026E3220616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030310E3132372E302E302E313A3830383101026E3320616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030320E3132372E302E302E313A3830383200" },
        { 15, "LT", "012A" },
        { 16, "SI", "01F403069D010102026E3120616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030300E3132372E302E302E313A38303830026E3220616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030310E3132372E302E302E313A3830383101026E3320616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030320E3132372E302E302E313A383038320003050505" },
        { 17, "SS", "01F403069D010102026E3120616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030300E3132372E302E302E313A38303830026E3220616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030310E3132372E302E302E313A3830383101026E3320616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030320E3132372E302E302E313A38303832000205050701026E32032903000301020303010004029D010102026E3120616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030300E3132372E302E302E313A38303830026E3220616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030310E3132372E302E302E313A3830383101026E3320616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030320E3132372E302E302E313A3830383200" },
        { 18, "SS", "01F40306040100000000070000" },
        { 19, "P", "010301020302" },
        { 20, "PT", "0103010203013730302D30616637363531393136636434336464383434386562323131633830333139632D623761643662373136393230333333312D3031" },
        { 21, "PA", "012A020405" },
        { 22, "PN", "01096E6F206C6561646572" },
        { 23, "PU", "01046C6F7374" },
        { 24, "PO", "010462757379" },
        { 25, "AM", "01026E3420616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030330E3132372E302E302E313A3830383301" },
        { 26, "RM", "01026E3300" },
        { 27, "MD", "012C9D010102026E3120616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030300E3132372E302E302E313A38303830026E3220616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030310E3132372E302E302E313A3830383101026E3320616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030320E3132372E302E302E313A3830383200" },
        { 28, "MR", "010462757379" },
        { 29, "MN", "01046E6F6E65" },
        { 30, "MU", "01046C6F7374" },
        { 31, "TL", "0101026E3201" },
        { 32, "TL", "010000" },
        { 33, "TD", "01026E3208" },
        { 34, "TR", "01026E6F" },
        { 35, "TX", "01046E6F6E65" },
    };

    private const string GoldenConfiguration = "0101026E3120616B6B612E7463703A2F2F726166743364403132372E302E302E313A373030300E3132372E302E302E313A383038300006633066666565";

    private const string GoldenEmptyConfiguration = "01000000";

    private static object Message(int row) => ((IEnumerable<object[]>)RaftSerializerTests.Messages()).ElementAt(row)[0];

    [Theory]
    [MemberData(nameof(Golden))]
    public void Every_message_is_written_byte_for_byte_as_before(int row, string manifest, string hex)
    {
        var serializer = new RaftSerializer((ExtendedActorSystem)_system);
        var message = Message(row);

        Assert.Equal(manifest, serializer.Manifest(message));
        Assert.Equal(hex, Convert.ToHexString(serializer.ToBinary(message)));
    }

    [Theory]
    [MemberData(nameof(Golden))]
    public void Every_message_written_before_is_read_back_whole(int row, string manifest, string hex)
    {
        var serializer = new RaftSerializer((ExtendedActorSystem)_system);

        var decoded = serializer.FromBinary(Convert.FromHexString(hex), manifest);

        Assert.Equal(Message(row).GetType(), decoded.GetType());
        Assert.Equal(hex, Convert.ToHexString(serializer.ToBinary(decoded)));
    }

    [Theory]
    [MemberData(nameof(Golden))]
    public void Fields_a_later_release_appends_are_ignored(int row, string manifest, string hex)
    {
        // What v0.1.0's reader did (it stopped after its last field), and what lets a newer
        // release add a trailing field to any message without a new format version.
        var serializer = new RaftSerializer((ExtendedActorSystem)_system);

        var decoded = serializer.FromBinary(Convert.FromHexString(hex + "0263310203FF"), manifest);

        Assert.Equal(Message(row).GetType(), decoded.GetType());
    }

    /// <summary>The rows of <see cref="Golden"/> that are messages between Raft peers.</summary>
    public static TheoryData<int, string, string> PeerGolden()
    {
        var rows = new TheoryData<int, string, string>();
        foreach (var row in Golden)
            if (Message((int)row[0]) is RaftMessage) rows.Add((int)row[0], (string)row[1], (string)row[2]);
        return rows;
    }

    [Theory]
    [MemberData(nameof(PeerGolden))]
    public void A_peer_message_with_a_cluster_id_is_what_v010_wrote_plus_a_trailing_field(int row, string manifest, string hex)
    {
        var peer = (RaftMessage)Message(row);
        var serializer = new RaftSerializer((ExtendedActorSystem)_system);

        var bytes = serializer.ToBinary(peer with { ClusterId = "c0ffee" });

        // v0.1.0 reads the golden prefix and stops; this release reads the id back.
        Assert.Equal(hex + "06633066666565", Convert.ToHexString(bytes));
        Assert.Equal("c0ffee", ((IRaftMessage)serializer.FromBinary(bytes, manifest)).ClusterId);
        Assert.Equal("", ((IRaftMessage)serializer.FromBinary(Convert.FromHexString(hex), manifest)).ClusterId);
    }

    [Fact]
    public void A_proposal_of_this_release_is_what_v010_wrote_plus_its_answer_format()
    {
        var serializer = new RaftSerializer((ExtendedActorSystem)_system);
        const string v010 = "010301020302";

        var bytes = serializer.ToBinary(new Propose([1, 2, 3], 2));

        // v0.1.0 reads the golden prefix and stops; a leader of this release learns which
        // answers the proposer reads.
        Assert.Equal(v010 + "01", Convert.ToHexString(bytes));
        Assert.False(((Propose)serializer.FromBinary(bytes, "P")).PreviousReleaseAnswers);
        Assert.True(((Propose)serializer.FromBinary(Convert.FromHexString(v010), "P")).PreviousReleaseAnswers);
    }

    [Fact]
    public void Configurations_are_encoded_byte_for_byte_as_before()
    {
        var configuration = new ClusterConfiguration(
            [new Member("n1", "akka.tcp://raft3d@127.0.0.1:7000", "127.0.0.1:8080")], []) { ClusterId = "c0ffee" };

        Assert.Equal(GoldenConfiguration, Convert.ToHexString(ConfigurationCodec.Encode(configuration)));
        Assert.Equal(GoldenEmptyConfiguration, Convert.ToHexString(ConfigurationCodec.Encode(ClusterConfiguration.Empty)));
        Assert.Equal(configuration, ConfigurationCodec.Decode(Convert.FromHexString(GoldenConfiguration)));
    }

    [Fact]
    public void A_configuration_without_a_cluster_id_decodes_with_an_empty_one()
    {
        // Configurations from before cluster ids existed end after the learners.
        var withoutId = Convert.FromHexString(GoldenConfiguration)[..^7];

        var decoded = ConfigurationCodec.Decode(withoutId);

        Assert.Equal("", decoded.ClusterId);
        Assert.Equal("n1", Assert.Single(decoded.Voters).Id);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("0107")]
    [InlineData("0107056E31")]
    public void A_truncated_message_is_refused(string hex)
    {
        var serializer = new RaftSerializer((ExtendedActorSystem)_system);

        Assert.Throws<EndOfStreamException>(() => serializer.FromBinary(Convert.FromHexString(hex), "RV"));
    }

    [Fact]
    public void An_unknown_manifest_is_refused_with_a_clear_error()
    {
        var serializer = new RaftSerializer((ExtendedActorSystem)_system);

        var error = Assert.ThrowsAny<Exception>(() => serializer.FromBinary([1, 2], "Newtonsoft.Json"));

        Assert.Contains("unknown manifest Newtonsoft.Json", error.Message);
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
