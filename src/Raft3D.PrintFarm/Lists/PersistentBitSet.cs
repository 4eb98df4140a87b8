using System.Numerics;

namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// An immutable set of non-negative ints (job positions), persistent like
/// <c>ImmutableSortedSet&lt;int&gt;</c> (a change gives a new set sharing every unchanged node with
/// the old one, which stays as it was) but a bitmap: one bit a position instead of a 48-byte
/// tree node a member, so a status that a million jobs have costs about 140 KiB instead of 46 MiB.
/// <para>
/// A trie 32 wide, like <see cref="PersistentVector{T}"/>: leaves hold 32 words of 64 bits (2 048
/// positions) and one more word with a bit for each of them that is not 0, inner nodes are
/// <c>object?[32]</c>. Unlike that vector, a subtree with no member is null, at any level: a
/// status few jobs have (Canceled, or Queued once the old jobs are Done) costs memory only where
/// its members are, and walking it from a position skips each empty stretch in one step per
/// level, and the empty words of a leaf through its summary word instead of reading each. Adding
/// or removing copies one array per level (3 levels for a million positions). A node is never
/// written once the set holding it is returned, so any number of threads may read a set without
/// a lock.
/// </para>
/// </summary>
internal sealed class PersistentBitSet
{
    private const int Bits = 5, Width = 1 << Bits, Mask = Width - 1;
    // A leaf's 32 words of 64 bits: 2^11 positions.
    private const int LeafBits = Bits + 6;
    // A leaf's last word: bit i is set when word i is not 0.
    private const int Summary = Width, LeafLength = Width + 1;
    // Positions are ints: a root this high covers every one (2^31).
    private const int MaxRootBits = 31;

    public static PersistentBitSet Empty { get; } = new(0, LeafBits, null);

    // The root covers positions [0, 2^_rootBits): LeafBits when it is a leaf, Bits more for each inner level.
    private readonly int _rootBits;
    private readonly object? _root;

    private PersistentBitSet(int count, int rootBits, object? root)
    {
        Count = count;
        _rootBits = rootBits;
        _root = root;
    }

    /// <summary>How many positions are in the set: O(1).</summary>
    public int Count { get; }

    public bool Contains(int position)
    {
        if (position < 0 || (long)position >> _rootBits != 0) return false;
        var node = _root;
        for (var bits = _rootBits; bits > LeafBits && node is not null; bits -= Bits) node = ((object?[])node)[(position >> (bits - Bits)) & Mask];
        return node is ulong[] leaf && (leaf[(position >> 6) & Mask] & (1UL << position)) != 0;
    }

    /// <summary>This set with position in it (this very set when it already is).</summary>
    public PersistentBitSet Add(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        if (Contains(position)) return this;
        var rootBits = _rootBits;
        var root = _root;
        // The root is too low: it becomes the first child of a root one level up (none if it is empty).
        while ((long)position >> rootBits != 0)
        {
            if (root is not null)
            {
                var grown = new object?[Width];
                grown[0] = root;
                root = grown;
            }
            rootBits = Math.Min(rootBits + Bits, MaxRootBits);
        }
        return new(Count + 1, rootBits, Set(root, rootBits, position));
    }

    /// <summary>This set without position (this very set when it is not in it).</summary>
    public PersistentBitSet Remove(int position)
    {
        if (!Contains(position)) return this;
        return new(Count - 1, _rootBits, Clear(_root!, _rootBits, position));
    }

    /// <summary>The positions in the set from start on, ascending.</summary>
    public IEnumerable<int> From(int start)
    {
        // Each step is a plain method call: the scan of empty words runs on locals, not on the
        // fields an iterator keeps its state in (three times slower for a status few jobs have).
        for (var at = Next(Math.Max(start, 0)); at >= 0; at = at == int.MaxValue ? -1 : Next(at + 1)) yield return at;
    }

    /// <summary>The first position in the set at or after at; -1 when there is none.</summary>
    public int Next(int at)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(at);
        var capacity = 1L << _rootBits;
        for (long from = at; from < capacity;)
        {
            var leaf = LeafAt(from, out var next);
            if (leaf is null)
            {
                from = next;
                continue;
            }
            var slot = (int)(from >> 6) & Mask;
            // The first word's bits below from are not asked for.
            var word = leaf[slot] & (ulong.MaxValue << (int)(from & 63));
            if (word == 0)
            {
                // The next word that is not 0, from the summary (slot + 1 <= 32: the shift is in range).
                var rest = leaf[Summary] & (ulong.MaxValue << (slot + 1));
                slot = BitOperations.TrailingZeroCount(rest);
                if (rest != 0) word = leaf[slot];
            }
            var leafStart = from & ~((1L << LeafBits) - 1);
            if (word != 0) return (int)(leafStart + slot * 64 + BitOperations.TrailingZeroCount(word));
            from = leafStart + (1L << LeafBits);
        }
        return -1;
    }

    /// <summary>
    /// The set of these ascending words (bit b of word w: position 64 w + b), built level by
    /// level with no copy per member: for a restore.
    /// </summary>
    public static PersistentBitSet FromWords(ReadOnlySpan<ulong> words)
    {
        var count = 0;
        var level = new List<object?>();
        for (var w = 0; w < words.Length; w += Width)
        {
            ulong[]? leaf = null;
            for (var slot = 0; slot < Width && w + slot < words.Length; slot++)
            {
                if (words[w + slot] == 0) continue;
                leaf ??= new ulong[LeafLength];
                leaf[slot] = words[w + slot];
                leaf[Summary] |= 1UL << slot;
                count += BitOperations.PopCount(words[w + slot]);
            }
            level.Add(leaf);
        }
        if (count == 0) return Empty;
        var rootBits = LeafBits;
        while (level.Count > 1)
        {
            var up = new List<object?>((level.Count + Mask) / Width);
            for (var i = 0; i < level.Count; i += Width)
            {
                object?[]? node = null;
                for (var j = 0; j < Width && i + j < level.Count; j++)
                {
                    if (level[i + j] is not { } child) continue;
                    node ??= new object?[Width];
                    node[j] = child;
                }
                up.Add(node);
            }
            level = up;
            rootBits += Bits;
        }
        return new(count, rootBits, level[0]);
    }

    // The leaf that holds position at, or null with next the first position past the empty subtree it lies in.
    private ulong[]? LeafAt(long at, out long next)
    {
        var node = _root;
        var bits = _rootBits;
        for (; bits > LeafBits && node is not null; bits -= Bits) node = ((object?[])node)[(int)(at >> (bits - Bits)) & Mask];
        if (node is null)
        {
            // bits is the level of the missing node (or the root's): skip the whole of it.
            next = ((at >> bits) + 1) << bits;
            return null;
        }
        next = 0;
        return (ulong[])node;
    }

    // A copy of the path from node (null: none yet) down to position's leaf, with its bit set.
    private static object Set(object? node, int bits, int position)
    {
        if (bits == LeafBits)
        {
            var leaf = node is null ? new ulong[LeafLength] : (ulong[])((ulong[])node).Clone();
            var word = (position >> 6) & Mask;
            leaf[word] |= 1UL << position;
            leaf[Summary] |= 1UL << word;
            return leaf;
        }
        var inner = node is null ? new object?[Width] : (object?[])((object?[])node).Clone();
        var slot = (position >> (bits - Bits)) & Mask;
        inner[slot] = Set(inner[slot], bits - Bits, position);
        return inner;
    }

    // A copy of the path from node down to position's leaf, with its bit cleared; a node left with no member becomes null.
    private static object? Clear(object node, int bits, int position)
    {
        if (bits == LeafBits)
        {
            var leaf = (ulong[])((ulong[])node).Clone();
            var word = (position >> 6) & Mask;
            leaf[word] &= ~(1UL << position);
            if (leaf[word] == 0) leaf[Summary] &= ~(1UL << word);
            return leaf[Summary] == 0 ? null : leaf;
        }
        var inner = (object?[])((object?[])node).Clone();
        var slot = (position >> (bits - Bits)) & Mask;
        inner[slot] = Clear(inner[slot]!, bits - Bits, position);
        return Array.TrueForAll(inner, child => child is null) ? null : inner;
    }
}
