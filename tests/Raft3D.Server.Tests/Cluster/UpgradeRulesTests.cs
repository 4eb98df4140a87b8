using Raft3D.PrintFarm.Commands;
using Raft3D.Server.Cluster;

namespace Raft3D.Server.Tests.Cluster;

/// <summary>Which commands a cluster in the middle of a rolling upgrade refuses, and what it says.</summary>
public sealed class UpgradeRulesTests
{
    public static TheoryData<FarmCommand, int> Commands => new()
    {
        { new CreatePrinter("p1", "Prusa", "MK4"), 1 },
        { new CreateFilament("f1", "PLA", "red", 1000, null), 1 },
        { new CreatePrintJob("j1", "p1", "f1", "a.gcode", 10, null), 1 },
        { new ChangeJobStatus("j1", "running"), 1 },               // the previous release applies it as is
        { new ChangeJobStatus("j1", "running", 7), 2 },            // If-Match: a field the previous release would drop
        { new UpdatePrinter("p1", null, "MK4S", null), 2 },
        { new UpdateFilament("f1", "blue", null, null), 2 },
        { new DeletePrinter("p1", null), 2 },
        { new DeleteFilament("f1", 3), 2 },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_command_needs_the_version_that_brought_it(FarmCommand command, int needed) =>
        Assert.Equal(needed, UpgradeRules.VersionNeeded(command));

    [Theory]
    [InlineData(1, "node1=1,node2=1,node3=1", null)]                       // old commands: always
    [InlineData(1, "node1=2", null)]                                       // even with members not heard from
    [InlineData(2, "node1=2,node2=2,node3=2", null)]                       // every member upgraded
    [InlineData(2, "node1=2,node2=3,node3=2", null)]                       // a newer one applies it too
    [InlineData(2, "node1=2,node2=1,node3=2", "node2 runs an older release")]
    [InlineData(2, "node1=2,node2=1,node3=1", "node2, node3 run an older release")]
    [InlineData(2, "node1=2,node2=2", "node3 has not answered yet")]
    [InlineData(2, "node1=2,node2=1", "node2 runs an older release; node3 has not answered yet")]
    [InlineData(2, "node1=2,node2=2,node3=2", "this node has not heard from the other members yet", false)]
    [InlineData(1, "node1=2", null, false)]
    // The upgrade has ended (the log's first settings entry is applied): nobody need be asked.
    [InlineData(2, "node1=2,node2=1", null, true, true)]
    [InlineData(2, "node1=2", null, false, true)]
    [InlineData(3, "node1=2,node2=2,node3=2", "node1, node2, node3 run an older release", true, true)] // a later release's commands
    public void A_newer_command_waits_until_every_member_runs_a_release_that_applies_it(int needed, string versions, string? why, bool membersKnown = true,
        bool upgradeEnded = false)
    {
        var known = versions.Split(',').Select(v => v.Split('=')).ToDictionary(v => v[0], v => int.Parse(v[1], System.Globalization.CultureInfo.InvariantCulture));

        var refusal = UpgradeRules.Refusal(needed, membersKnown ? ["node3", "node1", "node2"] : null, known, upgradeEnded);

        if (why is null)
        {
            Assert.Null(refusal);
            return;
        }
        Assert.NotNull(refusal);
        Assert.Contains(why, refusal);
        Assert.Contains("finish the upgrade", refusal);
        Assert.StartsWith("not every node runs a release that knows PATCH", refusal);
    }
}
