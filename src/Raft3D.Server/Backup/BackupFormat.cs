using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Raft3D.Server.Backup;

/// <summary>
/// The backup file: a header (magic "RAFT3DBK", format version, cluster id, index, term, time
/// taken, payload length), the state machine's snapshot as the payload, then a SHA-256 of
/// everything before it. Integers are little-endian; the cluster id is length-prefixed UTF-8.
/// A file that is not a backup, comes from a newer release, is truncated or corrupt is refused
/// with an <see cref="InvalidBackupException"/> that says which.
/// </summary>
public static class BackupFormat
{
    public const int Version = 1;
    public const string FileExtension = ".r3db";
    private static readonly byte[] Magic = "RAFT3DBK"u8.ToArray();
    private const int MaxClusterIdBytes = 1024;
    private const int ChecksumBytes = 32;

    /// <summary>The header's bytes, written before the payload; the checksum covers them too.</summary>
    public static byte[] EncodeHeader(BackupHeader header)
    {
        var id = Encoding.UTF8.GetBytes(header.ClusterId);
        if (id.Length > MaxClusterIdBytes) throw new ArgumentException($"cluster id longer than {MaxClusterIdBytes} bytes", nameof(header));
        var bytes = new byte[Magic.Length + 2 + 2 + id.Length + 8 * 4];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        var at = Magic.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], checked((ushort)header.FormatVersion));
        BinaryPrimitives.WriteUInt16LittleEndian(span[(at += 2)..], (ushort)id.Length);
        id.CopyTo(span[(at += 2)..]);
        BinaryPrimitives.WriteInt64LittleEndian(span[(at += id.Length)..], header.Index);
        BinaryPrimitives.WriteInt64LittleEndian(span[(at += 8)..], header.Term);
        BinaryPrimitives.WriteInt64LittleEndian(span[(at += 8)..], header.TakenAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(span[(at += 8)..], header.PayloadLength);
        return bytes;
    }

    /// <summary>The total size of a backup file with this header.</summary>
    public static long FileLength(BackupHeader header) => EncodeHeader(header).Length + header.PayloadLength + ChecksumBytes;

    /// <summary>Writes header, payload and checksum to a stream (the HTTP answer, or a file).</summary>
    public static async Task WriteAsync(Stream target, BackupHeader header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length != header.PayloadLength) throw new ArgumentException("the header's payload length does not match the payload", nameof(header));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = EncodeHeader(header);
        sha.AppendData(head);
        sha.AppendData(payload.Span);
        await target.WriteAsync(head, cancellationToken);
        await target.WriteAsync(payload, cancellationToken);
        await target.WriteAsync(sha.GetHashAndReset(), cancellationToken);
    }

    /// <summary>The whole file in memory (tests, and small tools).</summary>
    public static byte[] Encode(BackupHeader header, byte[] payload)
    {
        using var stream = new MemoryStream();
        WriteAsync(stream, header, payload, CancellationToken.None).GetAwaiter().GetResult();
        return stream.ToArray();
    }

    /// <summary>Checks a whole file and returns its header and payload.</summary>
    public static (BackupHeader Header, byte[] Payload) Decode(ReadOnlySpan<byte> file)
    {
        if (file.Length < Magic.Length || !file[..Magic.Length].SequenceEqual(Magic))
            throw new InvalidBackupException("not a Raft3D backup (it does not start with RAFT3DBK)");
        var at = Magic.Length;
        var version = BinaryPrimitives.ReadUInt16LittleEndian(Need(file, at, 2, "the format version"));
        if (version != Version)
            throw new InvalidBackupException($"backup format version {version} cannot be read by this release, which reads version {Version}: restore it with the release that wrote it or a newer one");
        var idLength = BinaryPrimitives.ReadUInt16LittleEndian(Need(file, at += 2, 2, "the cluster id"));
        if (idLength > MaxClusterIdBytes) throw new InvalidBackupException($"corrupt header: a cluster id of {idLength} bytes");
        var clusterId = Encoding.UTF8.GetString(Need(file, at += 2, idLength, "the cluster id"));
        var fixedFields = Need(file, at += idLength, 32, "the header");
        var index = BinaryPrimitives.ReadInt64LittleEndian(fixedFields);
        var term = BinaryPrimitives.ReadInt64LittleEndian(fixedFields[8..]);
        var takenAt = BinaryPrimitives.ReadInt64LittleEndian(fixedFields[16..]);
        var payloadLength = BinaryPrimitives.ReadInt64LittleEndian(fixedFields[24..]);
        at += 32;
        if (payloadLength < 0 || payloadLength > int.MaxValue || index < 1 || term < 1 || takenAt < 0)
            throw new InvalidBackupException($"corrupt header (index {index}, term {term}, payload {payloadLength} bytes)");
        var expected = at + payloadLength + ChecksumBytes;
        if (file.Length < expected)
            throw new InvalidBackupException($"truncated: the header promises {expected} bytes, the file has {file.Length}");
        if (file.Length > expected)
            throw new InvalidBackupException($"corrupt: {file.Length - expected} bytes after the end of the backup");
        var body = file[..(at + (int)payloadLength)];
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(file[^ChecksumBytes..]))
            throw new InvalidBackupException("corrupt: the SHA-256 checksum does not match the contents");
        var header = new BackupHeader(version, clusterId, index, term, DateTimeOffset.FromUnixTimeMilliseconds(takenAt), payloadLength);
        return (header, file.Slice(at, (int)payloadLength).ToArray());
    }

    /// <summary>Reads and checks a backup file; every failure is one line naming the file.</summary>
    public static (BackupHeader Header, byte[] Payload) ReadFile(string path)
    {
        byte[] file;
        try
        {
            file = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidBackupException($"cannot read {path}: {e.Message}");
        }
        try
        {
            return Decode(file);
        }
        catch (InvalidBackupException e)
        {
            throw new InvalidBackupException($"{path}: {e.Message}");
        }
    }

    private static ReadOnlySpan<byte> Need(ReadOnlySpan<byte> file, int at, int length, string what) =>
        file.Length >= at + length ? file.Slice(at, length) : throw new InvalidBackupException($"truncated: the file ends inside {what} (at byte {file.Length})");
}
