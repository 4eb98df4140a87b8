namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// Ascending job positions under one key (a printer, a filament), appended by the apply loop
/// and read by any number of frozen views at the same time without a lock or a copy. A slot,
/// once written, never changes, and a view knows how many jobs it holds: the positions below
/// that count are exactly what the list held when the view was taken. Appending is amortised
/// O(1), where a persistent tree would allocate O(log n) nodes per job.
/// </summary>
internal sealed class PositionList
{
    private volatile int[] _items = new int[4];
    private volatile int _count;

    /// <summary>Apply loop only; position is above every position already here.</summary>
    public void Append(int position)
    {
        var items = _items;
        var count = _count;
        if (count == items.Length)
        {
            // Readers may still hold the old array: it keeps every slot they can see.
            var grown = new int[count * 2];
            Array.Copy(items, grown, count);
            grown[count] = position;
            _items = grown;
        }
        else
        {
            items[count] = position;
        }
        // Published last: a reader that sees the new count sees the slot (volatile write, release).
        _count = count + 1;
    }

    /// <summary>The positions below limit, ascending, as an array and how many of its first slots hold them.</summary>
    public (int[] Items, int Count) Below(int limit)
    {
        // Count first: whichever array is read next holds at least that many written slots.
        var count = _count;
        var items = _items;
        var at = Array.BinarySearch(items, 0, count, limit);
        return (items, at < 0 ? ~at : at);
    }
}
