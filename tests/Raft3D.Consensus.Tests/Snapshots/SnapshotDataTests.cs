using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Tests.Snapshots;

/// <summary>Snapshot bytes in segments: written, read back at any offset, streamed.</summary>
public sealed class SnapshotDataTests
{
    private static byte[] Bytes(int count) => [.. Enumerable.Range(0, count).Select(i => (byte)(i * 7 + 3))];

    private static SnapshotData Written(byte[] bytes, int segmentBytes, int writeBytes)
    {
        using var writer = new SnapshotDataWriter(segmentBytes);
        for (var offset = 0; offset < bytes.Length; offset += writeBytes)
            writer.Write(bytes, offset, Math.Min(writeBytes, bytes.Length - offset));
        return writer.ToSnapshotData();
    }

    [Theory]
    // length, segment size, size of each write: segments are the segment size but the last.
    [InlineData(0, 16, 5, 0)]
    [InlineData(1, 16, 1, 1)]
    [InlineData(16, 16, 16, 1)]
    [InlineData(17, 16, 3, 2)]
    [InlineData(100, 16, 7, 7)]
    [InlineData(100, 16, 100, 7)]
    [InlineData(70_000, 65_536, 4_096, 2)]
    public void A_writer_keeps_what_is_written_in_segments_of_its_size(int length, int segmentBytes, int writeBytes, int segments)
    {
        var bytes = Bytes(length);
        var data = Written(bytes, segmentBytes, writeBytes);

        Assert.Equal(length, data.Length);
        Assert.Equal(segments, data.Segments.Count);
        Assert.All(data.Segments.SkipLast(1), s => Assert.Equal(segmentBytes, s.Length));
        Assert.Equal(bytes, data.ToArray());
    }

    [Theory]
    // offset, count: within a segment, across one boundary, across several, past the end.
    [InlineData(0, 5)]
    [InlineData(3, 10)]
    [InlineData(14, 4)]
    [InlineData(10, 50)]
    [InlineData(95, 10)]
    [InlineData(100, 10)]
    [InlineData(150, 10)]
    public void Read_copies_any_range_across_segments(long offset, int count)
    {
        var bytes = Bytes(100);
        var data = Written(bytes, 16, 9);

        var expected = bytes.Skip((int)Math.Min(offset, 100)).Take(count).ToArray();
        Assert.Equal(expected, data.Read(offset, count));
    }

    [Fact]
    public void A_stream_reads_and_seeks_over_the_segments()
    {
        var bytes = Bytes(100);
        using var stream = Written(bytes, 16, 100).OpenRead();
        var buffer = new byte[30];

        Assert.Equal(30, stream.ReadAtLeast(buffer, 30));
        Assert.Equal(bytes[..30], buffer);
        stream.Seek(-10, SeekOrigin.End);
        Assert.Equal(10, stream.Read(buffer, 0, 30));
        Assert.Equal(bytes[90..], buffer[..10]);
        Assert.Equal(0, stream.Read(buffer, 0, 30));
        stream.Position = 0;
        using var copy = new SnapshotDataWriter(7);
        stream.CopyTo(copy);
        Assert.Equal(bytes, copy.ToSnapshotData().ToArray());
    }

    [Fact]
    public void A_range_that_is_exactly_one_segment_is_that_segment_and_any_other_a_copy()
    {
        var data = Written(Bytes(40), 16, 40);

        Assert.Same(data.Segments[1], data.Read(16, 16));
        Assert.Same(data.Segments[2], data.Read(32, 16));
        Assert.NotSame(data.Segments[1], data.Read(16, 15));
        Assert.Equal(Bytes(40)[16..32], data.Read(16, 16));
        Assert.Empty(new SnapshotData([[], []]).Read(0, 16));
    }
}
