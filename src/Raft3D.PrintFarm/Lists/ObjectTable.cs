using System.Collections.Concurrent;

namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// Objects of one kind in creation order, found by id in O(1). A removed object leaves a hole
/// (null) so that the positions of the others, which paging and the job indexes rely on, do not
/// move; the holes are squeezed out once they outnumber the objects. Deterministic: nothing
/// depends on hashing order.
/// <para>
/// Persistent: the objects live in a <see cref="PersistentVector{T}"/> (a trie 32 wide, so
/// finding one by position touches a few small arrays even in a table of millions), so
/// <see cref="Freeze"/> is O(1) and a change never copies the table. Only the apply loop changes
/// a table; a frozen one is never changed and may be read from any thread.
/// </para>
/// <para>
/// Positions are found through concurrent dictionaries that the apply loop adds to while frozen
/// tables read them, shared by every table of one generation (a squeeze or a load starts the
/// next): an id's newest position, and for an id created again after a removal, its earlier
/// ones. A frozen table takes the id's newest position below its own end, where the object is
/// unless it was removed by then; a position past its end was given after it was frozen. An
/// immutable tree of positions cost a kilobyte of garbage for every object created in a table
/// of 100 000 (docs/benchmarks.md).
/// </para>
/// </summary>
internal sealed class ObjectTable<T> where T : class
{
    private readonly Func<T, string> _idOf;
    private readonly bool _appendOnly;
    private PersistentVector<T?> _items = PersistentVector<T?>.Empty;
    private int _live;
    // Set in the constructors, not here: a frozen table, made for every applied change, shares them.
    private ConcurrentDictionary<string, int> _newest;
    // Only ids created more than once: their earlier positions, ascending.
    private ConcurrentDictionary<string, int[]> _earlier;

    /// <summary>An empty table; appendOnly: objects are never removed.</summary>
    public ObjectTable(Func<T, string> idOf, bool appendOnly = false)
    {
        _idOf = idOf;
        _appendOnly = appendOnly;
        _newest = NewIndex<int>();
        _earlier = NewIndex<int[]>();
    }

    private ObjectTable(ObjectTable<T> live)
    {
        _idOf = live._idOf;
        _appendOnly = live._appendOnly;
        _items = live._items;
        _live = live._live;
        _newest = live._newest;
        _earlier = live._earlier;
    }

    /// <summary>Live objects.</summary>
    public int Count => _live;

    /// <summary>This table as it is now, unchanged by what is done to this one later: O(1).</summary>
    public ObjectTable<T> Freeze() => new(this);

    public bool Contains(string id) => TryFind(id, out _);

    public bool TryFind(string id, out int position)
    {
        position = -1;
        if (!_newest.TryGetValue(id, out var newest)) return false;
        if (newest >= _items.Count)
        {
            // Created again after this table was frozen: the creation before, if any, is this table's.
            if (!_earlier.TryGetValue(id, out var earlier) || !LastBelow(earlier, _items.Count, out newest)) return false;
        }
        if (_items[newest] is null) return false;
        position = newest;
        return true;
    }

    public T? Get(string id) => TryFind(id, out var position) ? _items[position] : null;

    /// <summary>The live object at a position <see cref="TryFind"/> or <see cref="Add"/> gave.</summary>
    public T At(int position) => _items[position] ?? throw new InvalidOperationException($"no object at position {position}");

    /// <summary>The live objects at these positions, into the start of into: <see cref="At"/> for each, in a loop that does nothing else.</summary>
    public void AtEach(ReadOnlySpan<int> positions, Span<T> into)
    {
        for (var i = 0; i < positions.Length; i++) into[i] = At(positions[i]);
    }

    /// <summary>Adds an object whose id is free; returns its position.</summary>
    public int Add(T item)
    {
        var id = _idOf(item);
        var position = _items.Count;
        if (_newest.TryGetValue(id, out var before))
        {
            if (_items[before] is not null) throw new ArgumentException($"id '{id}' is taken", nameof(item));
            // Published before the newest position, so that a frozen table that sees the new one finds the one before too.
            _earlier[id] = _earlier.TryGetValue(id, out var earlier) ? [.. earlier, before] : [before];
        }
        _newest[id] = position;
        _items = _items.Add(item);
        _live++;
        return position;
    }

    /// <summary>Replaces the object at a position by a new version of it (same id).</summary>
    public void Replace(int position, T item) => _items = _items.SetItem(position, item);

    /// <summary>Replaces every live object by change(object), each at its position (same id).</summary>
    public void ReplaceAll(Func<T, T> change) =>
        _items = PersistentVector<T?>.CreateRange(_items.Select(item => item is null ? null : change(item)));

    public void Remove(int position)
    {
        if (_appendOnly) throw new InvalidOperationException("objects are never removed from this table");
        _ = At(position); // throws when no object is there: removing twice is a bug of the caller's
        _items = _items.SetItem(position, null);
        _live--;
        if (_items.Count >= 64 && _items.Count > 2 * _live) Load(Live().ToList());
    }

    /// <summary>
    /// Replaces the whole content with these objects, in this order (ids unique): for a restore,
    /// and to squeeze out holes. The positions start again in new dictionaries; frozen tables keep
    /// the old ones, which nothing changes any more.
    /// </summary>
    public void Load(IEnumerable<T> items)
    {
        var list = new List<T?>();
        var newest = NewIndex<int>();
        foreach (var item in items)
        {
            if (!newest.TryAdd(_idOf(item), list.Count)) throw new ArgumentException($"id '{_idOf(item)}' appears twice", nameof(items));
            list.Add(item);
        }
        _items = PersistentVector<T?>.CreateRange(list);
        _live = list.Count;
        _newest = newest;
        _earlier = NewIndex<int[]>();
    }

    /// <summary>The live objects in creation order.</summary>
    public T[] ToArray()
    {
        var result = new T[Count];
        var i = 0;
        foreach (var item in _items)
        {
            if (item is not null) result[i++] = item;
        }
        return result;
    }

    /// <summary>The live objects in creation order, walked lazily (for a frozen table: nothing is copied).</summary>
    public IEnumerable<T> Live()
    {
        foreach (var item in _items)
        {
            if (item is not null) yield return item;
        }
    }

    /// <summary>A page of live objects; null when After names no live object.</summary>
    public Page<T>? Read(PageRequest request)
    {
        var start = 0;
        if (request.After is { } after)
        {
            if (!TryFind(after, out var position)) return null;
            start = position + 1;
        }
        var items = new List<T>(Math.Min(request.Limit, Math.Max(0, Count)));
        var hasMore = false;
        foreach (var item in _items.From(start))
        {
            if (item is null) continue;
            if (items.Count == request.Limit)
            {
                hasMore = true;
                break;
            }
            items.Add(item);
        }
        return new Page<T>(items, Count, hasMore);
    }

    private static ConcurrentDictionary<string, TValue> NewIndex<TValue>() => new(StringComparer.Ordinal);

    /// <summary>The last of ascending positions below end.</summary>
    private static bool LastBelow(int[] positions, int end, out int position)
    {
        for (var i = positions.Length - 1; i >= 0; i--)
        {
            if (positions[i] >= end) continue;
            position = positions[i];
            return true;
        }
        position = -1;
        return false;
    }
}
