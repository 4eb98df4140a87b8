using System.Collections;
using System.Runtime.CompilerServices;

namespace Raft3D.Consensus.Snapshots;

/// <summary>
/// The state machine's bytes at a snapshot, held as a list of segments rather than one array:
/// a snapshot may grow past the largest array .NET allows (2 GiB) and the largest value SQLite
/// stores (1 GB), and a leader sends it in chunks anyway (§7). Immutable once built; a
/// sequence of bytes (<c>SnapshotData d = [1, 2]</c>).
/// </summary>
[CollectionBuilder(typeof(SnapshotData), nameof(Create))]
public sealed class SnapshotData : IEnumerable<byte>
{
    private readonly byte[][] _segments;
    private readonly long[] _starts;

    public static readonly SnapshotData Empty = new([]);

    public SnapshotData(IReadOnlyList<byte[]> segments)
    {
        _segments = [.. segments.Where(s => s.Length > 0)];
        _starts = new long[_segments.Length];
        long length = 0;
        for (var i = 0; i < _segments.Length; i++)
        {
            _starts[i] = length;
            length += _segments[i].Length;
        }
        Length = length;
    }

    /// <summary>Bytes in all.</summary>
    public long Length { get; }

    /// <summary>The segments in order; none is empty.</summary>
    public IReadOnlyList<byte[]> Segments => _segments;

    /// <summary>The bytes of one array, as one segment (not copied).</summary>
    public static SnapshotData Of(byte[] bytes) => new([bytes]);

    /// <summary>A copy of the bytes, as one segment.</summary>
    public static SnapshotData Create(ReadOnlySpan<byte> bytes) => Of(bytes.ToArray());

    /// <summary>
    /// Up to count bytes from offset (fewer at the end): a copy, or the segment itself when the
    /// range is exactly one segment (a snapshot saved in rows of its own segment size is not
    /// copied again). Neither may be changed.
    /// </summary>
    public byte[] Read(long offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var length = (int)Math.Min(count, Math.Max(0, Length - offset));
        var segment = SegmentAt(offset);
        if (length > 0 && _starts[segment] == offset && _segments[segment].Length == length) return _segments[segment];
        var copy = new byte[length];
        CopyTo(offset, copy);
        return copy;
    }

    /// <summary>Copies destination.Length bytes from offset into destination.</summary>
    internal void CopyTo(long offset, Span<byte> destination)
    {
        if (destination.IsEmpty) return;
        var segment = SegmentAt(offset);
        var within = (int)(offset - (segment < _starts.Length ? _starts[segment] : Length));
        var copied = 0;
        while (copied < destination.Length)
        {
            var source = _segments[segment].AsSpan(within);
            var n = Math.Min(source.Length, destination.Length - copied);
            source[..n].CopyTo(destination[copied..]);
            copied += n;
            segment++;
            within = 0;
        }
    }

    /// <summary>A read-only, seekable stream over the bytes.</summary>
    public Stream OpenRead() => new SnapshotDataStream(this);

    /// <summary>All bytes in one array: for snapshots known to be small (a test, a backup under 2 GiB).</summary>
    public byte[] ToArray()
    {
        if (Length > Array.MaxLength) throw new InvalidOperationException($"a snapshot of {Length} bytes does not fit one array");
        return Read(0, (int)Length);
    }

    public IEnumerator<byte> GetEnumerator() => _segments.SelectMany(segment => segment).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The segment that holds offset (the segment count at the end).</summary>
    private int SegmentAt(long offset)
    {
        var found = Array.BinarySearch(_starts, offset);
        return found >= 0 ? found : ~found - 1;
    }
}
