using Raft3D.PrintFarm.Lists;
using Xunit.Abstractions;

namespace Raft3D.PrintFarm.Tests;

/// <summary>
/// <see cref="PersistentBitSet"/> against a plain <see cref="SortedSet{T}"/>: the same members,
/// count and walks from any start, at the positions where a word, a leaf or a level ends (64,
/// 2 048, 65 536, 2^21 positions) and the last int; an old set never changes. The random
/// sequences print their seed and name it when they fail: add it to the InlineData of
/// Random_sequences_match_the_model to run that sequence again.
/// </summary>
public sealed class PersistentBitSetTests(ITestOutputHelper output)
{
    private static readonly int[] Edges =
        [0, 1, 63, 64, 65, 2_047, 2_048, 2_049, 65_535, 65_536, 65_537, (1 << 21) - 1, 1 << 21, 1_000_000, int.MaxValue - 1, int.MaxValue];

    /// <summary>Operations: +n adds position n, -n removes it.</summary>
    public static TheoryData<string> Sequences =>
    [
        "",
        "+0",
        "+0 -0",
        "+5 +5 -5 -5",
        "+63 +64 +2047 +2048 -63 -2048",
        "+2048 -2048 +2049",
        "+1000000 +3 -1000000",
        "+2147483647 +0 -2147483647",
        "+65536 +65535 +131071 -65536 -65535",
        "-7 +7 -8",
    ];

    [Theory]
    [MemberData(nameof(Sequences))]
    public void A_sequence_of_changes_matches_the_model(string sequence)
    {
        var ops = sequence.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(op => (Add: op[0] == '+', Position: int.Parse(op[1..]))).ToList();
        Check(ops, $"sequence '{sequence}'");
    }

    /// <summary>Seeds that once failed, or any to replay (a failure names its seed).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_sequences_match_the_model(int seed) => RandomSequence(seed);

    [Fact]
    public void Fresh_random_sequences_match_the_model()
    {
        var first = Random.Shared.Next(int.MaxValue - 8);
        for (var seed = first; seed < first + 8; seed++)
        {
            output.WriteLine($"seed {seed}");
            RandomSequence(seed);
        }
    }

    private static void RandomSequence(int seed)
    {
        var random = new Random(seed);
        // Dense and sparse, near and far: positions drawn from a range that grows with the seed.
        var range = new[] { 200, 5_000, 300_000, int.MaxValue }[seed & 3];
        var pool = Enumerable.Range(0, 64).Select(_ => random.Next(range)).Concat(Edges.Where(e => e < range)).ToArray();
        var ops = Enumerable.Range(0, 400).Select(_ => (Add: random.Next(3) > 0, Position: pool[random.Next(pool.Length)])).ToList();
        Check(ops, $"seed {seed}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(2_048)]
    [InlineData(100_000)]
    public void FromWords_builds_the_set_that_adding_builds(int seed)
    {
        var random = new Random(seed);
        var words = new ulong[seed / 64 + 40];
        var model = new SortedSet<int>();
        for (var w = 0; w < words.Length; w++)
        {
            // Mostly empty words, so that whole leaves are empty too.
            if (random.Next(8) != 0) continue;
            words[w] = (ulong)random.NextInt64() | 1;
            for (var b = 0; b < 64; b++)
                if ((words[w] & (1UL << b)) != 0) model.Add(w * 64 + b);
        }
        var set = PersistentBitSet.FromWords(words);
        AssertSame(model, set, $"seed {seed}");
        // Changes after a bulk build carry on from it.
        set = set.Add(words.Length * 64 + 5000).Remove(model.Min);
        model.Add(words.Length * 64 + 5000);
        model.Remove(model.Min);
        AssertSame(model, set, $"seed {seed}, changed");
    }

    [Fact]
    public void Adding_a_member_or_removing_a_stranger_gives_the_same_set()
    {
        var set = PersistentBitSet.Empty.Add(10);
        Assert.Same(set, set.Add(10));
        Assert.Same(set, set.Remove(11));
        Assert.Same(set, set.Remove(5_000_000));
        Assert.Same(set, set.Remove(-1));
    }

    [Fact]
    public void A_negative_position_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PersistentBitSet.Empty.Add(-1));

    private static void Check(List<(bool Add, int Position)> ops, string what)
    {
        var model = new SortedSet<int>();
        var set = PersistentBitSet.Empty;
        var history = new List<(int[] Members, PersistentBitSet Set)>();
        for (var i = 0; i < ops.Count; i++)
        {
            var (add, position) = ops[i];
            if (add)
            {
                model.Add(position);
                set = set.Add(position);
            }
            else
            {
                model.Remove(position);
                set = set.Remove(position);
            }
            AssertSame(model, set, $"{what}, after step {i} ({(add ? '+' : '-')}{position})");
            history.Add((model.ToArray(), set));
        }
        // Every earlier set is as it was when it was made.
        foreach (var (members, old) in history) Assert.Equal(members, old.From(0));
    }

    private static void AssertSame(SortedSet<int> model, PersistentBitSet set, string what)
    {
        Assert.True(model.Count == set.Count, $"{what}: count {set.Count}, expected {model.Count}");
        Assert.True(model.SequenceEqual(set.From(0)), $"{what}: members differ");
        var starts = Edges.Concat(model).SelectMany(p => new[] { p - 1, p, p + 1 }).Where(p => p >= 0).Distinct();
        foreach (var start in starts)
        {
            Assert.True(model.Contains(start) == set.Contains(start), $"{what}: Contains({start})");
            // Only the first few: a walk's start is what is under test, not its length.
            var expected = model.GetViewBetween(start, int.MaxValue).Take(3);
            Assert.True(expected.SequenceEqual(set.From(start).Take(3)), $"{what}: From({start})");
        }
    }
}
