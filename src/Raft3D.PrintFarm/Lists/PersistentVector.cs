using System.Collections;

namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// An immutable sequence indexed by position, persistent like <c>ImmutableList</c> (a change
/// gives a new vector sharing every unchanged node with the old one, which stays as it was) but
/// a trie 32 wide instead of a binary tree: reading a position touches at most 5 small arrays
/// for a million items (the binary tree: about 20 nodes scattered over the heap, each a cache
/// miss once the table outgrows the cache), and it holds an item in 8 bytes instead of a
/// 56-byte node. Appending or replacing one item copies one array per level (32 slots).
/// Inner nodes are <c>object?[]</c>, leaves <c>T[]</c>; a node is never written once the vector
/// holding it is returned, so any number of threads may read a vector without a lock.
/// </summary>
internal sealed class PersistentVector<T> : IEnumerable<T>
{
    private const int Bits = 5, Width = 1 << Bits, Mask = Width - 1;

    public static PersistentVector<T> Empty { get; } = new(0, 0, new T[Width]);

    // Shift of the root's level: 0 when the root is a leaf; each inner level adds Bits.
    private readonly int _shift;
    private readonly object _root;

    private PersistentVector(int count, int shift, object root)
    {
        Count = count;
        _shift = shift;
        _root = root;
    }

    public int Count { get; }

    public T this[int index] => Leaf(index)[index & Mask];

    /// <summary>These items in this order, built level by level (no copy per item): for a restore or a rebuild.</summary>
    public static PersistentVector<T> CreateRange(IEnumerable<T> items)
    {
        var level = new List<object>();
        T[] leaf = [];
        var count = 0;
        foreach (var item in items)
        {
            if ((count & Mask) == 0) level.Add(leaf = new T[Width]);
            leaf[count & Mask] = item;
            count++;
        }
        if (count == 0) return Empty;
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
        return new PersistentVector<T>(count, shift, level[0]);
    }

    /// <summary>This vector with item appended at position Count.</summary>
    public PersistentVector<T> Add(T item)
    {
        if (Count == int.MaxValue) throw new InvalidOperationException("the vector is full");
        if ((long)Count < (long)Width << _shift) return new(Count + 1, _shift, Set(_root, _shift, Count, item));
        // The root is full: it becomes the first child of a root one level up.
        var grown = new object?[Width];
        grown[0] = _root;
        grown[1] = Set(null, _shift, Count, item);
        return new(Count + 1, _shift + Bits, grown);
    }

    /// <summary>This vector with the item at index replaced.</summary>
    public PersistentVector<T> SetItem(int index, T item)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return new(Count, _shift, Set(_root, _shift, index, item));
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
        var node = _root;
        for (var shift = _shift; shift > 0; shift -= Bits) node = ((object?[])node)[(index >> shift) & Mask]!;
        return (T[])node;
    }

    // A copy of the path from node (null: none yet) down to index's leaf, with item at index.
    private static object Set(object? node, int shift, int index, T item)
    {
        if (shift == 0)
        {
            var leaf = node is null ? new T[Width] : (T[])((T[])node).Clone();
            leaf[index & Mask] = item;
            return leaf;
        }
        var inner = node is null ? new object?[Width] : (object?[])((object?[])node).Clone();
        var slot = (index >> shift) & Mask;
        inner[slot] = Set(inner[slot], shift - Bits, index, item);
        return inner;
    }
}
