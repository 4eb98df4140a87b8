using System.Collections;

namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// An immutable sequence indexed by position, persistent like <c>ImmutableList</c> (a change
/// gives a new vector sharing every unchanged node with the old one, which stays as it was) but
/// a trie 32 wide instead of a binary tree: reading a position touches at most 5 small arrays
/// for a million items (the binary tree: about 20 nodes scattered over the heap, each a cache
/// miss once the table outgrows the cache), and it holds an item in 8 bytes instead of a
/// 56-byte node. Replacing one item copies one array per level (32 slots).
/// <para>
/// The last 1-32 items are kept outside the trie, in a tail of their exact length (Clojure's
/// persistent vector): appending copies the tail alone, and every 32nd append moves a full tail
/// into the trie, one path copy for 32 items. Appending to the trie itself copied a path of four
/// arrays at 100 000 items, a kilobyte for every object created (docs/benchmarks.md).
/// </para>
/// Inner nodes are <c>object?[]</c>, leaves and the tail <c>T[]</c>; a node is never written
/// once the vector holding it is returned, so any number of threads may read a vector without a lock.
/// </summary>
internal sealed class PersistentVector<T> : IEnumerable<T>
{
    private const int Bits = 5, Width = 1 << Bits, Mask = Width - 1;

    public static PersistentVector<T> Empty { get; } = new(0, 0, null, []);

    // Shift of the root's level: 0 when the root is a leaf; each inner level adds Bits.
    private readonly int _shift;
    // The trie of full leaves holding the items before the tail; null while there are none.
    private readonly object? _root;
    private readonly T[] _tail;

    private PersistentVector(int count, int shift, object? root, T[] tail)
    {
        Count = count;
        _shift = shift;
        _root = root;
        _tail = tail;
    }

    public int Count { get; }

    /// <summary>The position of the tail's first item: the trie holds the items before it.</summary>
    private int TailOffset => Count - _tail.Length;

    public T this[int index] => Leaf(index)[index & Mask];

    /// <summary>These items in this order, built level by level (no copy per item): for a restore or a rebuild.</summary>
    public static PersistentVector<T> CreateRange(IEnumerable<T> items)
    {
        var leaves = new List<T[]>();
        T[] leaf = [];
        var count = 0;
        foreach (var item in items)
        {
            if ((count & Mask) == 0) leaves.Add(leaf = new T[Width]);
            leaf[count & Mask] = item;
            count++;
        }
        if (count == 0) return Empty;
        // The last leaf, full or not, is the tail, cut to its length.
        var tail = leaves[^1][..(count - ((count - 1) & ~Mask))];
        leaves.RemoveAt(leaves.Count - 1);
        if (leaves.Count == 0) return new PersistentVector<T>(count, 0, null, tail);
        var level = leaves.Cast<object>().ToList();
        var shift = 0;
        while (level.Count > 1)
        {
            var up = new List<object>((level.Count + Mask) / Width);
            for (var i = 0; i < level.Count; i += Width)
            {
                var node = new object?[Width];
                for (var j = 0; j < Width && i + j < level.Count; j++) node[j] = level[i + j];
                up.Add(node);
            }
            level = up;
            shift += Bits;
        }
        return new PersistentVector<T>(count, shift, level[0], tail);
    }

    /// <summary>This vector with item appended at position Count.</summary>
    public PersistentVector<T> Add(T item)
    {
        if (Count == int.MaxValue) throw new InvalidOperationException("the vector is full");
        if (_tail.Length < Width)
        {
            var tail = new T[_tail.Length + 1];
            _tail.CopyTo(tail, 0);
            tail[^1] = item;
            return new(Count + 1, _shift, _root, tail);
        }
        // The tail is full: it becomes the trie's next leaf, and item the new tail.
        var trieCount = TailOffset;
        if (_root is null) return new(Count + 1, 0, _tail, [item]);
        if ((long)trieCount < (long)Width << _shift) return new(Count + 1, _shift, PushLeaf(_root, _shift, trieCount, _tail), [item]);
        // The trie is full: its root becomes the first child of a root one level up.
        var grown = new object?[Width];
        grown[0] = _root;
        grown[1] = Path(_shift, _tail);
        return new(Count + 1, _shift + Bits, grown, [item]);
    }

    /// <summary>This vector with the item at index replaced.</summary>
    public PersistentVector<T> SetItem(int index, T item)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        if (index >= TailOffset)
        {
            var tail = (T[])_tail.Clone();
            tail[index & Mask] = item;
            return new(Count, _shift, _root, tail);
        }
        return new(Count, _shift, Set(_root!, _shift, index, item), _tail);
    }

    /// <summary>The items from position start on, in order, walking the leaves (not one lookup per item).</summary>
    public IEnumerable<T> From(int start)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        for (var i = start; i < Count;)
        {
            var leaf = Leaf(i);
            var end = Math.Min(Count - (i & ~Mask), Width);
            for (var slot = i & Mask; slot < end; slot++) yield return leaf[slot];
            i = (i & ~Mask) + Width;
        }
    }

    public IEnumerator<T> GetEnumerator() => From(0).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private T[] Leaf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        if (index >= TailOffset) return _tail;
        var node = _root!;
        for (var shift = _shift; shift > 0; shift -= Bits) node = ((object?[])node)[(index >> shift) & Mask]!;
        return (T[])node;
    }

    // A copy of the path from node down to index's leaf, with item at index.
    private static object Set(object node, int shift, int index, T item)
    {
        if (shift == 0)
        {
            var leaf = (T[])((T[])node).Clone();
            leaf[index & Mask] = item;
            return leaf;
        }
        var inner = (object?[])((object?[])node).Clone();
        var slot = (index >> shift) & Mask;
        inner[slot] = Set(inner[slot]!, shift - Bits, index, item);
        return inner;
    }

    // A copy of the path from node (null: none yet) down to the leaf that starts at index, with leaf there.
    private static object PushLeaf(object? node, int shift, int index, T[] leaf)
    {
        if (node is null) return Path(shift, leaf);
        if (shift == 0) return leaf;
        var inner = (object?[])((object?[])node).Clone();
        var slot = (index >> shift) & Mask;
        inner[slot] = PushLeaf(inner[slot], shift - Bits, index, leaf);
        return inner;
    }

    // Inner nodes down from a level of this shift, each holding the next in its first slot, to leaf.
    private static object Path(int shift, T[] leaf)
    {
        if (shift == 0) return leaf;
        var inner = new object?[Width];
        inner[0] = Path(shift - Bits, leaf);
        return inner;
    }
}
