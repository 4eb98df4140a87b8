namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// Objects of one kind in creation order, found by id in O(1). A removed object leaves a hole
/// (null) so that the positions of the others, which paging and the job indexes rely on, do not
/// move; the holes are squeezed out once they outnumber the objects. Deterministic: nothing
/// depends on hashing order. Not thread-safe (the farm's caller serialises every call).
/// </summary>
internal sealed class ObjectTable<T>(Func<T, string> idOf) where T : class
{
    private List<T?> _items = [];
    private readonly Dictionary<string, int> _position = new(StringComparer.Ordinal);

    /// <summary>Live objects.</summary>
    public int Count => _position.Count;

    public bool Contains(string id) => _position.ContainsKey(id);

    public bool TryFind(string id, out int position) => _position.TryGetValue(id, out position);

    public T? Get(string id) => _position.TryGetValue(id, out var position) ? _items[position] : null;

    /// <summary>The live object at a position <see cref="TryFind"/> or <see cref="Add"/> gave.</summary>
    public T At(int position) => _items[position] ?? throw new InvalidOperationException($"no object at position {position}");

    /// <summary>Adds an object whose id is free; returns its position.</summary>
    public int Add(T item)
    {
        var position = _items.Count;
        _position.Add(idOf(item), position);
        _items.Add(item);
        return position;
    }

    /// <summary>Replaces the object at a position by a new version of it (same id).</summary>
    public void Replace(int position, T item) => _items[position] = item;

    public void Remove(int position)
    {
        _position.Remove(idOf(At(position)));
        _items[position] = null;
        if (_items.Count >= 64 && _items.Count > 2 * _position.Count) Squeeze();
    }

    public void EnsureCapacity(int count)
    {
        _items.Capacity = Math.Max(_items.Capacity, count);
        _position.EnsureCapacity(count);
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
        var i = start;
        for (; i < _items.Count && items.Count < request.Limit; i++)
        {
            if (_items[i] is { } item) items.Add(item);
        }
        var hasMore = false;
        for (; i < _items.Count && !hasMore; i++) hasMore = _items[i] is not null;
        return new Page<T>(items, Count, hasMore);
    }

    private void Squeeze()
    {
        var live = new List<T?>(Math.Max(_position.Count * 2, 16));
        foreach (var item in _items)
        {
            if (item is null) continue;
            _position[idOf(item)] = live.Count;
            live.Add(item);
        }
        _items = live;
    }
}
