using System.Text;

namespace Raft3D.Consensus.Serialization;

/// <summary>
/// Writes the project's binary format into a span: 7-bit varints (as BinaryWriter's
/// Write7BitEncodedInt and Write7BitEncodedInt64, so every byte is what earlier releases
/// wrote), booleans as one byte, length-prefixed UTF-8 and length-prefixed raw bytes.
/// <para>
/// A writer made by <see cref="Measuring"/> writes nothing and only counts: codecs run once
/// to measure and once to write, so a message costs one array of exactly its size.
/// </para>
/// </summary>
public ref struct WireWriter
{
    private readonly Span<byte> _buffer;
    private readonly bool _measuring;
    private int _position;

    public WireWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _measuring = false;
        _position = 0;
    }

    private WireWriter(bool measuring)
    {
        _buffer = [];
        _measuring = measuring;
        _position = 0;
    }

    /// <summary>A writer that only counts the bytes it would write.</summary>
    public static WireWriter Measuring() => new(measuring: true);

    /// <summary>Bytes written (or counted) so far.</summary>
    public readonly int Position => _position;

    public void WriteByte(byte value)
    {
        if (!_measuring) _buffer[_position] = value;
        _position++;
    }

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>As BinaryWriter.Write7BitEncodedInt: a negative value takes five bytes.</summary>
    public void WriteVarInt(int value) => WriteVarUInt64((uint)value);

    /// <summary>As BinaryWriter.Write7BitEncodedInt64: a negative value takes ten bytes.</summary>
    public void WriteVarLong(long value) => WriteVarUInt64((ulong)value);

    /// <summary>Length in bytes as a varint, then UTF-8 (as BinaryWriter.Write(string)).</summary>
    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarInt(length);
        if (!_measuring) Encoding.UTF8.GetBytes(value, _buffer.Slice(_position, length));
        _position += length;
    }

    /// <summary>Length as a varint, then the bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteVarInt(value.Length);
        if (!_measuring) value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    private void WriteVarUInt64(ulong value)
    {
        while (value > 0x7F)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        WriteByte((byte)value);
    }
}
