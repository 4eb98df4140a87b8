using System.Security.Cryptography;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;

namespace Raft3D.PrintFarm.Tests;

/// <summary>
/// The snapshot goes through streams in bounded chunks, so it may grow past 2 GiB (the largest
/// array): proved here without writing 2 GiB, by a stream that records what it is handed.
/// </summary>
public sealed class StreamedSnapshotTests
{
    /// <summary>Discards what is written, keeping its length, the largest single write and a hash to compare.</summary>
    private sealed class CountingStream : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Written { get; private set; }
        public int LargestWrite { get; private set; }
        public byte[] Hash => _hash.GetCurrentHash();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Written += buffer.Length;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            _hash.AppendData(buffer);
        }
    }

    /// <summary>Hands out a stream's bytes a few at a time and cannot seek, like a socket or a pipe.</summary>
    private sealed class TrickleStream(byte[] bytes) : Stream
    {
        private int _at;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 7), bytes.Length - _at);
            Array.Copy(bytes, _at, buffer, offset, n);
            _at += n;
            return n;
        }
    }

    private static PrintFarmState Farm(int jobs)
    {
        var farm = new PrintFarmState();
        for (var i = 0; i < 50; i++) farm.Apply(new CreatePrinter($"printer-{i}", "Prusa", "MK4"));
        for (var i = 0; i < 50; i++) farm.Apply(new CreateFilament($"filament-{i}", "PLA", "red", 1_000_000, null));
        for (var i = 0; i < jobs; i++)
        {
            farm.Apply(new CreatePrintJob($"job-{i}", $"printer-{i % 50}", $"filament-{i % 50}", "models/benchy.gcode", 1, null));
            if (i % 3 == 0) farm.Apply(new ChangeJobStatus($"job-{i}", "running"));
        }
        farm.Apply(new DeletePrinter("printer-49", null));
        return farm;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(20_000)] // about 0.9 MiB: many times the chunk
    public void The_snapshot_is_written_in_writes_no_larger_than_a_chunk_and_equals_the_bytes(int jobs)
    {
        var view = Farm(jobs).View;
        var expected = view.ToSnapshot();
        var counting = new CountingStream();

        view.WriteSnapshot(counting);

        Assert.Equal(expected.Length, counting.Written);
        Assert.Equal(SHA256.HashData(expected), counting.Hash);
        Assert.InRange(counting.LargestWrite, 1, FarmSnapshotCodec.ChunkBytes);
        if (jobs == 20_000) Assert.True(counting.Written > 10 * FarmSnapshotCodec.ChunkBytes, $"{counting.Written} bytes: the test needs a snapshot of many chunks");
    }

    [Fact]
    public void A_snapshot_restores_from_a_stream_that_cannot_seek_or_tell_its_length()
    {
        var farm = Farm(3_000);
        var bytes = farm.ToSnapshot();

        var restored = PrintFarmState.FromSnapshot(new TrickleStream(bytes));

        Assert.Equal(bytes, restored.ToSnapshot());
        Assert.Equal(farm.ListJobs(Model.JobStatus.Running), restored.ListJobs(Model.JobStatus.Running));
    }

    [Fact]
    public void A_truncated_or_overlong_stream_is_refused_as_corrupt()
    {
        var bytes = Farm(10).ToSnapshot();

        Assert.Throws<InvalidDataException>(() => PrintFarmState.FromSnapshot(new TrickleStream(bytes[..^3])));
        Assert.Throws<InvalidDataException>(() => PrintFarmState.FromSnapshot(new TrickleStream([.. bytes, 0])));
        Assert.Throws<InvalidDataException>(() => PrintFarmState.FromSnapshot(new TrickleStream([])));
    }
}
