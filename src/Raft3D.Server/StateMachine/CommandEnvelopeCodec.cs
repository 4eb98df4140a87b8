using System.Buffers.Binary;
using System.Text;

namespace Raft3D.Server.StateMachine;

/// <summary>
/// The binary form of <see cref="CommandEnvelope"/>: version, key, fingerprint, timestamp, command
/// — a version byte; a flag byte and, when set, the key as a 7-bit length and UTF-8 bytes; the
/// fingerprint and the command each as a 7-bit length and bytes; the timestamp as 8 bytes,
/// little-endian (the layout BinaryWriter produces). Written and read straight from spans: every
/// node decodes every entry on the Raft actor's thread.
/// </summary>
public static class CommandEnvelopeCodec
{
    private const byte Version = 1;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static byte[] Encode(CommandEnvelope envelope)
    {
        var keyBytes = envelope.IdempotencyKey is { } key ? Utf8.GetByteCount(key) : 0;
        var length = 2 + (envelope.IdempotencyKey is null ? 0 : VarIntSize(keyBytes) + keyBytes)
                     + VarIntSize(envelope.Fingerprint.Length) + envelope.Fingerprint.Length + 8
                     + VarIntSize(envelope.Command.Length) + envelope.Command.Length;
        var bytes = new byte[length];
        var span = bytes.AsSpan();
        span[0] = Version;
        span[1] = envelope.IdempotencyKey is null ? (byte)0 : (byte)1;
        var at = 2;
        if (envelope.IdempotencyKey is not null)
        {
            at += WriteVarInt(span[at..], keyBytes);
            at += Utf8.GetBytes(envelope.IdempotencyKey, span[at..]);
        }
        at += WriteVarInt(span[at..], envelope.Fingerprint.Length);
        envelope.Fingerprint.CopyTo(span[at..]);
        at += envelope.Fingerprint.Length;
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], envelope.TimestampMs);
        at += 8;
        at += WriteVarInt(span[at..], envelope.Command.Length);
        envelope.Command.CopyTo(span[at..]);
        return bytes;
    }

    /// <summary>Reads an envelope; malformed or truncated input is an <see cref="InvalidDataException"/> (or <see cref="EndOfStreamException"/>).</summary>
    public static CommandEnvelope Decode(ReadOnlySpan<byte> bytes)
    {
        var at = TimestampAt(bytes, out var key, out var fingerprint);
        var timestamp = BinaryPrimitives.ReadInt64LittleEndian(bytes[at..]);
        at += 8;
        var command = Chunk(bytes, ref at).ToArray();
        if (at != bytes.Length) throw new InvalidDataException("trailing bytes after a command envelope");
        return new CommandEnvelope(key, fingerprint.ToArray(), timestamp, command);
    }

    /// <summary>
    /// A copy of an encoded envelope with its timestamp replaced: the leader's stamp (see
    /// <see cref="FarmStateMachine.Stamp"/>). Bytes that are not an envelope come back as they
    /// are, for apply to refuse as malformed on every node alike.
    /// </summary>
    public static byte[] WithTimestamp(byte[] encoded, long timestampMs)
    {
        int at;
        try
        {
            at = TimestampAt(encoded, out _, out _);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            return encoded;
        }
        var stamped = (byte[])encoded.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(stamped.AsSpan(at), timestampMs);
        return stamped;
    }

    /// <summary>Reads the version, the key and the fingerprint: where the 8 bytes of the timestamp start.</summary>
    private static int TimestampAt(ReadOnlySpan<byte> bytes, out string? key, out ReadOnlySpan<byte> fingerprint)
    {
        var at = 0;
        var version = Byte(bytes, ref at);
        if (version != Version) throw new InvalidDataException($"command envelope version {version} is not supported (expected {Version})");
        key = Byte(bytes, ref at) != 0 ? Utf8.GetString(Chunk(bytes, ref at)) : null;
        fingerprint = Chunk(bytes, ref at);
        if (bytes.Length - at < 8) throw new EndOfStreamException("a command envelope ends inside its timestamp");
        return at;
    }

    private static byte Byte(ReadOnlySpan<byte> bytes, ref int at) =>
        at < bytes.Length ? bytes[at++] : throw new EndOfStreamException("a command envelope ends early");

    /// <summary>A 7-bit length and that many bytes.</summary>
    private static ReadOnlySpan<byte> Chunk(ReadOnlySpan<byte> bytes, scoped ref int at)
    {
        var length = ReadVarInt(bytes, ref at);
        if (bytes.Length - at < length) throw new EndOfStreamException($"a command envelope ends inside a field of {length} bytes");
        var chunk = bytes.Slice(at, length);
        at += length;
        return chunk;
    }

    private static int ReadVarInt(ReadOnlySpan<byte> bytes, ref int at)
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Byte(bytes, ref at);
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return value <= int.MaxValue ? (int)value : throw new InvalidDataException("a command envelope has a negative length");
        }
        throw new InvalidDataException("a command envelope has a malformed length");
    }

    private static int WriteVarInt(Span<byte> span, int value)
    {
        var v = (uint)value;
        var i = 0;
        while (v >= 0x80)
        {
            span[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        span[i++] = (byte)v;
        return i;
    }

    private static int VarIntSize(int value)
    {
        var v = (uint)value;
        var size = 1;
        while (v >= 0x80)
        {
            size++;
            v >>= 7;
        }
        return size;
    }
}
