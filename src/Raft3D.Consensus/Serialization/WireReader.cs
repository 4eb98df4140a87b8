using System.Text;

namespace Raft3D.Consensus.Serialization;

/// <summary>
/// Reads what <see cref="WireWriter"/> writes, from a span, without copying anything but the
/// strings and byte arrays it returns. Fields a newer release appends after the ones a reader
/// knows are left unread: <see cref="AtEnd"/> tells whether any follow.
/// </summary>
public ref struct WireReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>Whether every byte has been read (a reader of trailing fields checks this first).</summary>
    public readonly bool AtEnd => _position >= _data.Length;

    public byte ReadByte()
    {
        if (_position >= _data.Length) throw Truncated();
        return _data[_position++];
    }

    public bool ReadBoolean() => ReadByte() != 0;

    /// <summary>As BinaryReader.Read7BitEncodedInt: at most five bytes.</summary>
    public int ReadVarInt()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            if (shift == 28 && b > 0x0F) break;
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return (int)result;
        }
        throw new FormatException("a varint of more than 32 bits");
    }

    /// <summary>As BinaryReader.Read7BitEncodedInt64: at most ten bytes.</summary>
    public long ReadVarLong()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            if (shift == 63 && b > 0x01) break;
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return (long)result;
        }
        throw new FormatException("a varint of more than 64 bits");
    }

    public string ReadString() => Encoding.UTF8.GetString(Take(ReadLength()));

    /// <summary>Length-prefixed bytes; an empty field gives <paramref name="empty"/> (callers share one empty array).</summary>
    public byte[] ReadBytes(byte[] empty)
    {
        var length = ReadLength();
        return length == 0 ? empty : Take(length).ToArray();
    }

    private int ReadLength()
    {
        var length = ReadVarInt();
        if (length < 0) throw new FormatException($"a negative length ({length})");
        return length;
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _data.Length - _position) throw Truncated();
        var slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }

    private readonly EndOfStreamException Truncated() =>
        new($"the message ends at byte {_data.Length}, before the field at byte {_position} that its format has next");
}
