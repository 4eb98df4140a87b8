using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.Server.Settings;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Tests.StateMachine;

/// <summary>The leader's clock, written into a command as it is appended, is the time every node applies.</summary>
public sealed class LeaderStampTests
{
    public static TheoryData<string?, byte[]> Envelopes => new()
    {
        { null, [] },
        { "key-1", [1, 2, 3] },
        { new string('k', 200), Enumerable.Range(0, 300).Select(i => (byte)i).ToArray() },
    };

    [Theory]
    [MemberData(nameof(Envelopes))]
    public void The_stamp_replaces_the_timestamp_and_nothing_else(string? key, byte[] fingerprint)
    {
        var command = FarmCommandCodec.Encode(new CreatePrinter("p1", "Prusa", "MK4"));
        var encoded = CommandEnvelopeCodec.Encode(new CommandEnvelope(key, fingerprint, 9_999_999_999_999, command));

        var stamped = new FarmStateMachine().Stamp(encoded, 1_234);

        var envelope = CommandEnvelopeCodec.Decode(stamped);
        Assert.Equal((key, 1_234L), (envelope.IdempotencyKey, envelope.TimestampMs));
        Assert.Equal(fingerprint, envelope.Fingerprint);
        Assert.Equal(command, envelope.Command);
        Assert.Equal(9_999_999_999_999, CommandEnvelopeCodec.Decode(encoded).TimestampMs);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 7, 0, 0 })]
    [InlineData(new byte[] { 1, 1, 200 })]
    [InlineData(new byte[] { 1, 0, 0, 1, 2, 3 })]
    public void Bytes_that_are_not_an_envelope_are_left_for_apply_to_refuse(byte[] bytes)
    {
        Assert.Same(bytes, new FarmStateMachine().Stamp(bytes, 1_234));
    }

    [Fact]
    public void A_node_with_a_fast_clock_cannot_age_out_the_keys_of_others()
    {
        // Without the leader's stamp, the request taken by a node whose clock is a day ahead
        // would move the table's clock a day on, evict k (2 h at most) and apply its retry twice.
        var machine = new FarmStateMachine();
        machine.Apply(0, new ClusterSettingsEntry(null, TimeSpan.FromHours(2), OnlyIfUnset: false).Encode());
        var leaderNow = 1_000_000_000L;
        var dayAhead = leaderNow + (long)TimeSpan.FromDays(1).TotalMilliseconds;
        static byte[] Request(string? key, string printer, long proposerClock) => CommandEnvelopeCodec.Encode(new CommandEnvelope(key, key is null ? [] : [1],
            proposerClock, FarmCommandCodec.Encode(new CreatePrinter(printer, "Prusa", "MK4"))));

        machine.Apply(1, machine.Stamp(Request("k", "p1", leaderNow), leaderNow));
        machine.Apply(2, machine.Stamp(Request(null, "p2", dayAhead), leaderNow + 1_000));
        var retry = ApplyOutcome.Decode(machine.Apply(3, machine.Stamp(Request("k", "p1", leaderNow + 2_000), leaderNow + 2_000)));

        Assert.Equal(ApplyOutcomeKind.Replayed, retry.Kind);
        Assert.Equal(leaderNow + 2_000, machine.Idempotency.NowMs);
    }
}
