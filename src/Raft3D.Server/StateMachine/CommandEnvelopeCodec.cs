namespace Raft3D.Server.StateMachine;

/// <summary>The binary form of <see cref="CommandEnvelope"/>: version, key, fingerprint, timestamp, command.</summary>
public static class CommandEnvelopeCodec
{
    private const byte Version = 1;

    public static byte[] Encode(CommandEnvelope envelope)
    {
        using var stream = new MemoryStream(envelope.Command.Length + 64);
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(envelope.IdempotencyKey is not null);
            if (envelope.IdempotencyKey is not null) writer.Write(envelope.IdempotencyKey);
            writer.Write7BitEncodedInt(envelope.Fingerprint.Length);
            writer.Write(envelope.Fingerprint);
            writer.Write(envelope.TimestampMs);
            writer.Write7BitEncodedInt(envelope.Command.Length);
            writer.Write(envelope.Command);
        }
        return stream.ToArray();
    }

    public static CommandEnvelope Decode(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != Version) throw new InvalidDataException($"command envelope version {version} is not supported (expected {Version})");
        var key = reader.ReadBoolean() ? reader.ReadString() : null;
        var fingerprint = reader.ReadBytes(reader.Read7BitEncodedInt());
        var timestamp = reader.ReadInt64();
        var command = reader.ReadBytes(reader.Read7BitEncodedInt());
        if (stream.Position != stream.Length) throw new InvalidDataException("trailing bytes after a command envelope");
        return new CommandEnvelope(key, fingerprint, timestamp, command);
    }
}
