using System.Text;
using Raft3D.Consensus.Serialization;

namespace Raft3D.Consensus.Tests.Serialization;

/// <summary>The span writer and reader against BinaryWriter and BinaryReader, which earlier releases used.</summary>
public sealed class WireFormatTests
{
    public static TheoryData<long> Longs => [0, 1, 127, 128, 300, int.MaxValue, uint.MaxValue, long.MaxValue, -1, long.MinValue];

    public static TheoryData<int> Ints => [0, 1, 127, 128, 16_384, int.MaxValue, -1, int.MinValue];

    public static TheoryData<string> Strings => ["", "n1", "é漢字🙂", new string('x', 300), "\ud800 lone surrogate"];

    [Theory]
    [MemberData(nameof(Longs))]
    public void Longs_are_written_as_BinaryWriter_writes_them(long value)
    {
        var expected = Reference(w => w.Write7BitEncodedInt64(value));

        var bytes = Write((ref WireWriter w) => w.WriteVarLong(value));

        Assert.Equal(expected, bytes);
        var reader = new WireReader(bytes);
        Assert.Equal(value, reader.ReadVarLong());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [MemberData(nameof(Ints))]
    public void Ints_are_written_as_BinaryWriter_writes_them(int value)
    {
        var expected = Reference(w => w.Write7BitEncodedInt(value));

        var bytes = Write((ref WireWriter w) => w.WriteVarInt(value));

        Assert.Equal(expected, bytes);
        var reader = new WireReader(bytes);
        Assert.Equal(value, reader.ReadVarInt());
    }

    [Theory]
    [MemberData(nameof(Strings))]
    public void Strings_are_written_as_BinaryWriter_writes_them(string value)
    {
        var expected = Reference(w => w.Write(value));

        var bytes = Write((ref WireWriter w) => w.WriteString(value));

        Assert.Equal(expected, bytes);
        var reader = new WireReader(bytes);
        Assert.Equal(new BinaryReader(new MemoryStream(expected), Encoding.UTF8).ReadString(), reader.ReadString());
    }

    [Theory]
    [InlineData("FFFFFFFF7F")]
    [InlineData("8080808080")]
    public void An_int_of_more_than_32_bits_is_refused(string hex)
    {
        Assert.Throws<FormatException>(() => new WireReader(Convert.FromHexString(hex)).ReadVarInt());
    }

    [Fact]
    public void A_negative_length_is_refused()
    {
        Assert.Throws<FormatException>(() => new WireReader(Convert.FromHexString("FFFFFFFF0F")).ReadString());
    }

    [Fact]
    public void Measuring_counts_exactly_what_writing_writes()
    {
        var measure = WireWriter.Measuring();
        WriteSample(ref measure);
        var bytes = new byte[measure.Position];
        var writer = new WireWriter(bytes);

        WriteSample(ref writer);

        Assert.Equal(bytes.Length, writer.Position);
    }

    private static void WriteSample(ref WireWriter w)
    {
        w.WriteByte(1); w.WriteBoolean(true); w.WriteVarLong(-5); w.WriteString("héllo"); w.WriteBytes([1, 2, 3]);
    }

    private delegate void Writes(ref WireWriter writer);

    private static byte[] Write(Writes write)
    {
        var measure = WireWriter.Measuring();
        write(ref measure);
        var bytes = new byte[measure.Position];
        var writer = new WireWriter(bytes);
        write(ref writer);
        return bytes;
    }

    private static byte[] Reference(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) write(writer);
        return stream.ToArray();
    }
}
