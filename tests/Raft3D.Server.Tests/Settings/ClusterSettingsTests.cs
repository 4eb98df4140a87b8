using Raft3D.Server.Settings;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Tests.Settings;

public sealed class ClusterSettingsTests
{
    public static TheoryData<int, double, string?> Bounds => new()
    {
        { 1, 1, null },
        { 100_000, 86_400, null },
        { 10_000_000, 365 * 86_400, null },
        { 0, 60, "idempotency_max_entries" },
        { -5, 60, "idempotency_max_entries" },
        { 10_000_001, 60, "idempotency_max_entries" },
        { 10, 0, "idempotency_max_age_seconds" },
        { 10, 0.5, "idempotency_max_age_seconds" },
        { 10, 1.5, "idempotency_max_age_seconds" },
        { 10, 365 * 86_400 + 1, "idempotency_max_age_seconds" },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void Settings_outside_their_bounds_name_the_field(int maxEntries, double maxAgeSeconds, string? field) =>
        Assert.Equal(field, new ClusterSettings(maxEntries, TimeSpan.FromSeconds(maxAgeSeconds)).Problem()?.Field);

    [Fact]
    public void The_built_in_settings_are_valid() => Assert.Null(ClusterSettings.Unset.Problem());

    public static TheoryData<ClusterSettingsEntry> Entries => new()
    {
        new ClusterSettingsEntry(5, TimeSpan.FromMinutes(3), OnlyIfUnset: true),
        new ClusterSettingsEntry(5, null, OnlyIfUnset: false),
        new ClusterSettingsEntry(null, TimeSpan.FromHours(2), OnlyIfUnset: false),
        new ClusterSettingsEntry(null, null, OnlyIfUnset: true),
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void An_entry_reads_back_as_it_was_written(ClusterSettingsEntry entry)
    {
        var bytes = entry.Encode();

        Assert.True(ClusterSettingsEntry.IsOne(bytes));
        Assert.Equal(entry, ClusterSettingsEntry.Decode(bytes));
    }

    [Fact]
    public void An_entry_replaces_only_the_fields_it_names()
    {
        var current = new ClusterSettings(7, TimeSpan.FromHours(1));

        Assert.Equal(new ClusterSettings(3, TimeSpan.FromHours(1)), new ClusterSettingsEntry(3, null, false).Over(current));
        Assert.Equal(new ClusterSettings(7, TimeSpan.FromMinutes(5)), new ClusterSettingsEntry(null, TimeSpan.FromMinutes(5), false).Over(current));
    }

    public static TheoryData<byte[]> Garbage => new()
    {
        new byte[] { 2 },
        new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
        new byte[] { 2, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
        new byte[] { 2, 4, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255 },
        new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Bytes_that_are_not_an_entry_are_refused(byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => ClusterSettingsEntry.Decode(bytes));

    [Fact]
    public void A_command_envelope_is_not_a_settings_entry() =>
        Assert.False(ClusterSettingsEntry.IsOne(CommandEnvelopeCodec.Encode(
            new CommandEnvelope(null, [], 1, [1, 2, 3]))));
}
