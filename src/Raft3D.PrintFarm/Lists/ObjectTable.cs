using System.Collections.Immutable;

namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// Objects of one kind in creation order, found by id in O(log n). A removed object leaves a
/// hole (null) so that the positions of the others, which paging and the job indexes rely on,
/// do not move; the holes are squeezed out once they outnumber the objects. Deterministic:
/// nothing depends on hashing order.
/// <para>
/// Persistent: the objects and their positions live in immutable trees, so <see cref="Freeze"/>
/// is O(1) and a change costs O(log n), never a copy of the table. Only the apply loop changes a
/// table; a frozen one is never changed and may be read from any thread.
/// </para>
/// </summary>
internal sealed class ObjectTable<T>(Func<T, string> idOf) where T : class
{
    private ImmutableList<T?> _items = [];
    private ImmutableDictionary<string, int> _position = ImmutableDictionary.Create<string, int>(StringComparer.Ordinal);

    private ObjectTable(Func<T, string> idOf, ImmutableList<T?> items, ImmutableDictionary<string, int> position) : this(idOf)
    {
        _items = items;
        _position = position;
    }

    /// <summary>Live objects.</summary>
    public int Count => _position.Count;

    /// <summary>This table as it is now, unchanged by what is done to this one later: O(1).</summary>
    public ObjectTable<T> Freeze() => new(idOf, _items, _position);

    public bool Contains(string id) => _position.ContainsKey(id);

    public bool TryFind(string id, out int position) => _position.TryGetValue(id, out position);

    public T? Get(string id) => _position.TryGetValue(id, out var position) ? _items[position] : null;

    /// <summary>The live object at a position <see cref="TryFind"/> or <see cref="Add"/> gave.</summary>
    public T At(int position) => _items[position] ?? throw new InvalidOperationException($"no object at position {position}");

    /// <summary>Adds an object whose id is free; returns its position.</summary>
    public int Add(T item)
    {
        var position = _items.Count;
        _position = _position.Add(idOf(item), position);
        _items = _items.Add(item);
        return position;
    }

    /// <summary>Replaces the object at a position by a new version of it (same id).</summary>
    public void Replace(int position, T item) => _items = _items.SetItem(position, item);

    public void Remove(int position)
    {
        _position = _position.Remove(idOf(At(position)));
        _items = _items.SetItem(position, null);
        if (_items.Count >= 64 && _items.Count > 2 * _position.Count) Squeeze();
    }

    /// <summary>Replaces the whole content with these objects, in this order (ids unique): for a restore.</summary>
    public void Load(IEnumerable<T> items)
    {
        var list = ImmutableList.CreateBuilder<T?>();
        var position = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            position.Add(idOf(item), list.Count);
            list.Add(item);
        }
        _items = list.ToImmutable();
        _position = position.ToImmutable();
    }

    /// <summary>The live objects in creation order.</summary>
    public T[] ToArray()
    {
        var result = new T[_position.Count];
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
            if (!_position.TryGetValue(after, out var position)) return null;
            start = position + 1;
        }
        var items = new List<T>(Math.Min(request.Limit, Math.Max(0, Count)));
        var hasMore = false;
        // An index into the tree costs O(log n); from the start the enumerator walks it in O(1) a step.
        foreach (var item in start == 0 ? _items : From(start))
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

    private IEnumerable<T?> From(int start)
    {
        for (var i = start; i < _items.Count; i++) yield return _items[i];
    }

    private void Squeeze()
    {
        var live = ImmutableList.CreateBuilder<T?>();
        var position = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var item in _items)
        {
            if (item is null) continue;
            position.Add(idOf(item), live.Count);
            live.Add(item);
        }
        _items = live.ToImmutable();
        _position = position.ToImmutable();
    }
}
