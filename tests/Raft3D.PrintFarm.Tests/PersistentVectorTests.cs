using Raft3D.PrintFarm.Lists;

namespace Raft3D.PrintFarm.Tests;

/// <summary>
/// <see cref="PersistentVector{T}"/>: the same sequence however it was built, at the sizes where
/// a leaf or a level fills up (32 items a leaf, 1 024 under two levels, 32 768 under three), and
/// a change never shows in the vector it was made from.
/// </summary>
public sealed class PersistentVectorTests
{
    public static TheoryData<int> Sizes => [0, 1, 31, 32, 33, 64, 1_023, 1_024, 1_025, 32_768, 32_769];

    private static PersistentVector<string> Appended(int count)
    {
        var vector = PersistentVector<string>.Empty;
        for (var i = 0; i < count; i++) vector = vector.Add($"i{i}");
        return vector;
    }

    private static string[] Expected(int count) => Enumerable.Range(0, count).Select(i => $"i{i}").ToArray();

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Appending_gives_every_item_at_its_position_in_order(int count)
    {
        var vector = Appended(count);

        Assert.Equal(count, vector.Count);
        Assert.Equal(Expected(count), Enumerable.Range(0, count).Select(i => vector[i]));
        Assert.Equal(Expected(count), vector);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void CreateRange_builds_the_same_vector_as_appending(int count)
    {
        var vector = PersistentVector<string>.CreateRange(Expected(count));

        Assert.Equal(count, vector.Count);
        Assert.Equal(Expected(count), Enumerable.Range(0, count).Select(i => vector[i]));
        Assert.Equal(Expected(count), vector);
        // Appending after a bulk build carries on where it ended.
        Assert.Equal(Expected(count + 40), Enumerable.Range(count, 40).Aggregate(vector, (v, i) => v.Add($"i{i}")));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(100, 0)]
    [InlineData(100, 31)]
    [InlineData(100, 32)]
    [InlineData(100, 33)]
    [InlineData(100, 99)]
    [InlineData(100, 100)]
    [InlineData(2_000, 1_023)]
    [InlineData(2_000, 1_024)]
    [InlineData(2_000, 1_999)]
    public void From_walks_the_items_from_start_to_the_end(int count, int start)
    {
        Assert.Equal(Expected(count).Skip(start), Appended(count).From(start));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(33, 32)]
    [InlineData(1_025, 0)]
    [InlineData(1_025, 1_024)]
    [InlineData(32_769, 17_000)]
    public void SetItem_changes_one_position_of_a_new_vector_and_nothing_of_the_old(int count, int index)
    {
        var before = Appended(count);

        var after = before.SetItem(index, "changed");

        Assert.Equal(Expected(count), before);
        Assert.Equal(Expected(count).Select((item, i) => i == index ? "changed" : item), after);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(1_024)]
    public void Appending_leaves_the_vector_appended_to_as_it_was(int count)
    {
        var before = Appended(count);

        var after = before.Add("a").Add("b");

        Assert.Equal(Expected(count), before);
        Assert.Equal([.. Expected(count), "a", "b"], after);
        // Two appends to the same vector do not see each other.
        Assert.Equal([.. Expected(count), "c"], before.Add("c"));
        Assert.Equal("a", after[count]);
    }

    [Theory]
    [InlineData(0, -1)]
    [InlineData(0, 0)]
    [InlineData(32, 32)]
    [InlineData(1_025, 1_025)]
    public void A_position_outside_the_vector_is_refused(int count, int index)
    {
        var vector = Appended(count);

        Assert.Throws<ArgumentOutOfRangeException>(() => vector[index]);
        Assert.Throws<ArgumentOutOfRangeException>(() => vector.SetItem(index, "x"));
    }

    [Fact]
    public void Appending_to_a_large_vector_copies_the_short_tail_not_a_path_of_the_trie()
    {
        // 100 000 items: a path down the trie is four arrays of 32 (about 1.1 KB); the tail is
        // 1-32 items and joins the trie once every 32 appends. Bytes, not time: exact per thread.
        var vector = Appended(100_000);
        var items = Expected(64);
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var item in items) vector = vector.Add(item);
        var perAppend = (GC.GetAllocatedBytesForCurrentThread() - before) / items.Length;

        Assert.Equal(100_064, vector.Count);
        Assert.InRange(perAppend, 1, 400);
    }
}
