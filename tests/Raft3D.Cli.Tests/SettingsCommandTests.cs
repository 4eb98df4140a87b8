using Raft3D.Cli.Commands;

namespace Raft3D.Cli.Tests;

/// <summary>`raft3d cluster settings [set …]`: what is sent, and durations as people write them.</summary>
public sealed class SettingsCommandTests
{
    private const string Node = "--node=n1:8080";

    [Theory]
    [InlineData("""{"idempotency_max_entries":500}""", "--idempotency-max-entries", "500")]
    [InlineData("""{"idempotency_max_age_seconds":7200}""", "--idempotency-max-age", "2h")]
    [InlineData("""{"idempotency_max_entries":9,"idempotency_max_age_seconds":90}""", "--idempotency-max-entries", "9", "--idempotency-max-age", "90")]
    public async Task Set_sends_only_the_settings_given(string body, params string[] options)
    {
        var nodes = new FakeNodes();

        var (exit, _, err) = await nodes.RunAsync([Node, "cluster", "settings", "set", .. options]);

        Assert.Equal(0, exit);
        Assert.Empty(err);
        var request = Assert.Single(nodes.Requests);
        Assert.Equal("PATCH /cluster/settings", $"{request.Method} {request.PathAndQuery}");
        Assert.Equal(body, request.Body);
    }

    [Fact]
    public async Task Set_without_a_setting_is_bad_usage()
    {
        var nodes = new FakeNodes();

        var (exit, _, err) = await nodes.RunAsync(Node, "cluster", "settings", "set");

        Assert.Equal(2, exit);
        Assert.Contains("--idempotency-max-entries", err);
        Assert.Empty(nodes.Requests);
    }

    [Theory]
    [InlineData("45", 45)]
    [InlineData("45s", 45)]
    [InlineData("30m", 1_800)]
    [InlineData("24h", 86_400)]
    [InlineData("7D", 604_800)]
    public void Durations_read_as_seconds(string text, long seconds) => Assert.Equal(seconds, SettingsCommand.Seconds(text));

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData("3w")]
    [InlineData("99999999999d")]
    public void Other_durations_are_bad_usage(string text) => Assert.Throws<UsageException>(() => SettingsCommand.Seconds(text));
}
