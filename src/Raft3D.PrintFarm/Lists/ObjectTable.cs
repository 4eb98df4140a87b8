using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// Objects of one kind in creation order, found by id in O(log n). A removed object leaves a
/// hole (null) so that the positions of the others, which paging and the job indexes rely on,
/// do not move; the holes are squeezed out once they outnumber the objects. Deterministic:
/// nothing depends on hashing order.
/// <para>
/// Persistent: the objects live in a <see cref="PersistentVector{T}"/> (a trie 32 wide, so
/// finding one by position touches a few small arrays even in a table of millions) and their
/// positions in an immutable tree, so <see cref="Freeze"/> is O(1) and a change costs O(log n),
/// never a copy of the table. Only the apply loop changes a table; a frozen one is never
/// changed and may be read from any thread.
/// </para>
/// <para>
/// A table whose objects are never removed (print jobs) finds them through one concurrent
/// dictionary that the apply loop adds to while frozen tables read it: an id added after a
/// table was frozen has a position past that table's end, so the frozen table does not see it.
/// </para>
/// </summary>
internal sealed class ObjectTable<T> where T : class
{
    private readonly Func<T, string> _idOf;
    private PersistentVector<T?> _items = PersistentVector<T?>.Empty;
    private ImmutableDictionary<string, int> _position = ImmutableDictionary.Create<string, int>(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int>? _appendOnly;

    /// <summary>An empty table; appendOnly: objects are never removed (ids found in O(1)).</summary>
    public ObjectTable(Func<T, string> idOf, bool appendOnly = false)
    {
        _idOf = idOf;
        if (appendOnly) _appendOnly = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
    }

    private ObjectTable(ObjectTable<T> live)
    {
        _idOf = live._idOf;
        _items = live._items;
        _position = live._position;
        _appendOnly = live._appendOnly;
    }

    /// <summary>Live objects.</summary>
    public int Count => _appendOnly is null ? _position.Count : _items.Count;

    /// <summary>This table as it is now, unchanged by what is done to this one later: O(1).</summary>
    public ObjectTable<T> Freeze() => new(this);

    public bool Contains(string id) => TryFind(id, out _);

    public bool TryFind(string id, out int position)
    {
        if (_appendOnly is null) return _position.TryGetValue(id, out position);
        // Positions at or past this table's end belong to objects added after it was frozen.
        return _appendOnly.TryGetValue(id, out position) && position < _items.Count;
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
        var position = _items.Count;
        if (_appendOnly is null) _position = _position.Add(_idOf(item), position);
        else if (!_appendOnly.TryAdd(_idOf(item), position)) throw new ArgumentException($"id '{_idOf(item)}' is taken", nameof(item));
        _items = _items.Add(item);
        return position;
    }

    /// <summary>Replaces the object at a position by a new version of it (same id).</summary>
    public void Replace(int position, T item) => _items = _items.SetItem(position, item);

    /// <summary>Replaces every live object by change(object), each at its position (same id).</summary>
    public void ReplaceAll(Func<T, T> change) =>
        _items = PersistentVector<T?>.CreateRange(_items.Select(item => item is null ? null : change(item)));

    public void Remove(int position)
    {
        if (_appendOnly is not null) throw new InvalidOperationException("objects are never removed from this table");
        _position = _position.Remove(_idOf(At(position)));
        _items = _items.SetItem(position, null);
        if (_items.Count >= 64 && _items.Count > 2 * _position.Count) Squeeze();
    }

    /// <summary>Replaces the whole content with these objects, in this order (ids unique): for a restore.</summary>
    public void Load(IEnumerable<T> items)
    {
        var list = new List<T?>();
        var position = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        _appendOnly?.Clear();
        foreach (var item in items)
        {
            if (_appendOnly is null) position.Add(_idOf(item), list.Count);
            else if (!_appendOnly.TryAdd(_idOf(item), list.Count)) throw new ArgumentException($"id '{_idOf(item)}' appears twice", nameof(items));
            list.Add(item);
        }
        _items = PersistentVector<T?>.CreateRange(list);
        _position = position.ToImmutable();
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

    private void Squeeze()
    {
        var live = new List<T?>();
        var position = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var item in _items)
        {
            if (item is null) continue;
            position.Add(_idOf(item), live.Count);
            live.Add(item);
        }
        _items = PersistentVector<T?>.CreateRange(live);
        _position = position.ToImmutable();
    }
}
