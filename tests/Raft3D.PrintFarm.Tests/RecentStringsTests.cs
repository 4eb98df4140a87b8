using Raft3D.PrintFarm.Lists;

namespace Raft3D.PrintFarm.Tests;

public sealed class RecentStringsTests
{
    private static string Fresh(string text) => new(text.AsSpan());

    [Fact]
    public void Equal_texts_get_the_first_instance_and_different_ones_their_own()
    {
        var strings = new RecentStrings(capacity: 4);
        var first = Fresh("models/benchy.gcode");
        Assert.Same(first, strings.Share(first));
        Assert.Same(first, strings.Share(Fresh("models/benchy.gcode")));
        var other = Fresh("models/bracket.gcode");
        Assert.Same(other, strings.Share(other));
        Assert.Equal("models/benchy.gcode", strings.Share(Fresh("models/benchy.gcode")));
    }

    [Fact]
    public void Past_its_capacity_it_starts_afresh_so_distinct_texts_cost_a_bounded_table()
    {
        var strings = new RecentStrings(capacity: 2);
        var a = Fresh("a");
        strings.Share(a);
        strings.Share(Fresh("b"));
        strings.Share(Fresh("c")); // full: forgets a and b
        var again = Fresh("a");
        Assert.Same(again, strings.Share(again));
        Assert.NotSame(a, again);
    }
}
