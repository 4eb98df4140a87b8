using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Rules;

public sealed class DropReportTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    // Seconds after T0 of each drop of one kind, then what each returns.
    [InlineData(new[] { 0, 1, 2 }, new[] { 1, 0, 0 })]
    [InlineData(new[] { 0, 1, 2, 31 }, new[] { 1, 0, 0, 3 })]
    [InlineData(new[] { 0, 30, 60 }, new[] { 1, 1, 1 })]
    [InlineData(new[] { 0, 29, 30, 31 }, new[] { 1, 0, 2, 0 })]
    public void The_first_drop_is_reported_then_at_most_one_line_per_interval_with_the_count(int[] seconds, int[] reported)
    {
        var report = new DropReport(TimeSpan.FromSeconds(30));

        var actual = seconds.Select(s => report.Record("x/NotAMember", T0.AddSeconds(s))).ToArray();

        Assert.Equal(reported, actual);
    }

    [Fact]
    public void Kinds_are_reported_apart_and_their_number_is_bounded()
    {
        var report = new DropReport(TimeSpan.FromSeconds(30));
        Assert.Equal(1, report.Record("a", T0));
        Assert.Equal(1, report.Record("b", T0));
        Assert.Equal(0, report.Record("a", T0));

        // A flood of made-up sender ids forgets old counts instead of growing without bound.
        for (var i = 0; i < DropReport.MaxKinds; i++) report.Record($"forged{i}", T0);
        Assert.Equal(1, report.Record("a", T0));
    }
}
