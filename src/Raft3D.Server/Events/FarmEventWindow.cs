using Raft3D.Consensus;

namespace Raft3D.Server.Events;

/// <summary>
/// The recent changes this node applied, for GET /api/v1/events: a ring of at most Capacity
/// events in log order, filled as the Raft actor applies commands. The actor only takes a
/// short lock to append and never waits for a reader; readers copy what they need out under
/// the same lock and write to the network outside it. A reader that falls out of the ring
/// (its position is older than <see cref="Floor"/>) is told so and cannot resume from there.
/// </summary>
public sealed class FarmEventWindow : IAppliedChanges<FarmEvent>
{
    private readonly object _gate = new();
    private readonly FarmEvent[] _ring;
    private int _start;
    private int _count;
    private long _floor;
    private long _last;
    private TaskCompletionSource _changed = NewSignal();

    public FarmEventWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new FarmEvent[capacity];
    }

    public int Capacity => _ring.Length;

    /// <summary>Every change after this index is held (or produced no event): a reader may resume from here or later.</summary>
    public long Floor
    {
        get { lock (_gate) return _floor; }
    }

    /// <summary>The last log index this window has seen applied.</summary>
    public long Last
    {
        get { lock (_gate) return _last; }
    }

    /// <summary>
    /// A command at index was applied; change is its event, or null when it changed nothing.
    /// An index at or below <see cref="Last"/> was seen already (the log re-applied after a
    /// restart of the Raft actor from a snapshot) and is ignored: each index gives one event.
    /// </summary>
    public void Applied(long index, FarmEvent? change)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (index <= _last) return;
            _last = index;
            if (change is not null)
            {
                if (change.Index != index) throw new ArgumentException($"event {change.Index} reported for index {index}", nameof(change));
                if (_count == _ring.Length)
                {
                    // The oldest event leaves: a reader must now be at or after it.
                    _floor = _ring[_start].Index;
                    _ring[_start] = change;
                    _start = (_start + 1) % _ring.Length;
                }
                else
                {
                    _ring[(_start + _count) % _ring.Length] = change;
                    _count++;
                }
            }
            signal = _changed;
            _changed = NewSignal();
        }
        // Continuations run elsewhere (RunContinuationsAsynchronously): the caller never runs a reader.
        signal.TrySetResult();
    }

    /// <summary>
    /// The state was replaced by a snapshot covering the log up to index. Past <see cref="Last"/>
    /// the changes in between are never seen one by one: they are gone, and so is every reader
    /// behind them. At or below it (a restart of the Raft actor from its own snapshot) nothing
    /// is lost: the entries after it are re-applied and ignored.
    /// </summary>
    public void Restored(long index)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (index <= _last) return;
            Array.Clear(_ring);
            _start = 0;
            _count = 0;
            _floor = index;
            _last = index;
            signal = _changed;
            _changed = NewSignal();
        }
        signal.TrySetResult();
    }

    /// <summary>
    /// The log up to index was compacted. The window promises no more than the log holds, so a
    /// stream's answer does not depend on whether this node restarted since: events up to index
    /// leave, and a reader behind it is gone.
    /// </summary>
    public void Compacted(long index)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (index <= _floor) return;
            while (_count > 0 && _ring[_start].Index <= index)
            {
                _ring[_start] = null!;
                _start = (_start + 1) % _ring.Length;
                _count--;
            }
            _floor = index;
            _last = Math.Max(_last, index);
            signal = _changed;
            _changed = NewSignal();
        }
        signal.TrySetResult();
    }

    /// <summary>
    /// Up to max events after index `after`, oldest first, and a task that completes at the
    /// next change. Gone when events after `after` have left the window.
    /// </summary>
    public WindowRead Read(long after, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (_gate)
        {
            if (after < _floor) return new WindowRead(true, [], _changed.Task, _floor, _last);
            var first = FirstAfter(after);
            var take = Math.Min(max, _count - first);
            var events = new FarmEvent[take];
            for (var i = 0; i < take; i++) events[i] = _ring[(_start + first + i) % _ring.Length];
            return new WindowRead(false, events, _changed.Task, _floor, _last);
        }
    }

    /// <summary>The position in the ring of the first event with an index above `after` (binary search: indexes increase).</summary>
    private int FirstAfter(long after)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_ring[(_start + middle) % _ring.Length].Index <= after) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
