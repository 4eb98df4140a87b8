namespace Raft3D.Consensus.Snapshots;

/// <summary>
/// A write-only stream that keeps what is written as <see cref="SnapshotData"/>, in segments of
/// a fixed size: a state machine serialises into it, and a follower assembles the leader's
/// chunks in it, however large the snapshot.
/// </summary>
public sealed class SnapshotDataWriter(int segmentBytes = SnapshotDataWriter.DefaultSegmentBytes) : Stream
{
    /// <summary>Large enough to keep the segments few, small enough to stay a cheap allocation.</summary>
    public const int DefaultSegmentBytes = 4 * 1024 * 1024;

    private readonly List<byte[]> _full = [];
    private byte[] _current = new byte[Math.Min(segmentBytes, 64 * 1024)];
    private int _used;
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        CpuPacer.Pace();
        while (!buffer.IsEmpty)
        {
            if (_used == _current.Length)
            {
                if (_current.Length < segmentBytes)
                {
                    // The first segment grows until it reaches the segment size: a small snapshot stays small.
                    Array.Resize(ref _current, (int)Math.Min(segmentBytes, 2L * _current.Length));
                }
                else
                {
                    _full.Add(_current);
                    _current = new byte[segmentBytes];
                    _used = 0;
                }
            }
            var n = Math.Min(buffer.Length, _current.Length - _used);
            buffer[..n].CopyTo(_current.AsSpan(_used));
            _used += n;
            _length += n;
            buffer = buffer[n..];
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>What was written so far; the writer may go on (the result does not change).</summary>
    public SnapshotData ToSnapshotData() => new([.. _full, _current[.._used]]);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
