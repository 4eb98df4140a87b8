using System.Collections.Concurrent;
using System.Text;
using Raft3D.Consensus;

namespace Raft3D.Bench;

/// <summary>
/// A state of any number of bytes set by one command (its length in decimal): snapshots as large
/// as wanted, without building a farm that large. The bytes are a pattern of their position, so
/// a restore checks every byte it reads and records what it found in <see cref="Restores"/>.
/// </summary>
public sealed class BulkStateMachine(ConcurrentQueue<(long Length, bool Intact)> restores) : IStateMachine
{
    private const int Chunk = 1 << 20;
    private long _length;

    public ConcurrentQueue<(long Length, bool Intact)> Restores => restores;

    public byte[] Apply(long index, ReadOnlySpan<byte> command)
    {
        _length = long.Parse(Encoding.UTF8.GetString(command));
        return [];
    }

    public byte[] Snapshot()
    {
        using var bytes = new MemoryStream();
        CaptureSnapshot().WriteTo(bytes);
        return bytes.ToArray();
    }

    public IStateSnapshot CaptureSnapshot() => new Pattern(_length);

    public void Restore(Stream snapshot)
    {
        var buffer = new byte[Chunk];
        var expected = new byte[Chunk];
        long position = 0;
        var intact = true;
        int read;
        while ((read = snapshot.ReadAtLeast(buffer, Chunk, throwOnEndOfStream: false)) > 0)
        {
            Fill(expected.AsSpan(0, read), position);
            intact &= buffer.AsSpan(0, read).SequenceEqual(expected.AsSpan(0, read));
            position += read;
        }
        _length = position;
        restores.Enqueue((position, intact));
    }

    private static void Fill(Span<byte> destination, long start)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var position = start + i;
            destination[i] = (byte)(position * 31 ^ position >> 16);
        }
    }

    private sealed class Pattern(long length) : IStateSnapshot
    {
        public void WriteTo(Stream sink)
        {
            var buffer = new byte[Chunk];
            for (long position = 0; position < length; position += Chunk)
            {
                var n = (int)Math.Min(Chunk, length - position);
                Fill(buffer.AsSpan(0, n), position);
                sink.Write(buffer, 0, n);
            }
        }
    }
}
