using System.Buffers.Binary;

namespace Raft3D.Server.Settings;

/// <summary>
/// A log entry that changes the cluster's settings: the fields it names replace the current
/// ones, the others stay. OnlyIfUnset is the first settings a leader proposes from its own
/// configuration (<see cref="ClusterSettingsSeeder"/>): applied only while the log has set none,
/// so two leaders proposing theirs in turn leave the first one applied.
/// </summary>
public sealed record ClusterSettingsEntry(int? IdempotencyMaxEntries, TimeSpan? IdempotencyMaxAge, bool OnlyIfUnset)
{
    /// <summary>
    /// The first byte, where a command envelope has its version (1): an older release reads a
    /// settings entry as an envelope of an unknown version, which is why the entry is proposed
    /// only once every member runs a release that knows it (<see cref="Cluster.UpgradeRules"/>).
    /// </summary>
    public const byte Tag = 2;

    private const byte OnlyIfUnsetFlag = 1, EntriesFlag = 2, AgeFlag = 4;
    private const int Length = 2 + 4 + 8;

    /// <summary>The settings this entry leaves when applied over current.</summary>
    public ClusterSettings Over(ClusterSettings current) => new(
        IdempotencyMaxEntries ?? current.IdempotencyMaxEntries, IdempotencyMaxAge ?? current.IdempotencyMaxAge);

    /// <summary>An entry that sets both settings; also the form of the answer to one, the settings in effect.</summary>
    public static ClusterSettingsEntry Of(ClusterSettings settings, bool onlyIfUnset = false) =>
        new(settings.IdempotencyMaxEntries, settings.IdempotencyMaxAge, onlyIfUnset);

    public static bool IsOne(ReadOnlySpan<byte> bytes) => bytes.Length > 0 && bytes[0] == Tag;

    /// <summary>Tag, flags, the entry bound (int32) and the age bound in milliseconds (int64), little-endian.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[Length];
        bytes[0] = Tag;
        bytes[1] = (byte)((OnlyIfUnset ? OnlyIfUnsetFlag : 0) | (IdempotencyMaxEntries is null ? 0 : EntriesFlag) | (IdempotencyMaxAge is null ? 0 : AgeFlag));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), IdempotencyMaxEntries ?? 0);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(6), (long)(IdempotencyMaxAge ?? TimeSpan.Zero).TotalMilliseconds);
        return bytes;
    }

    public static ClusterSettingsEntry Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length || bytes[0] != Tag) throw new InvalidDataException($"a settings entry has {Length} bytes and starts with {Tag}");
        var flags = bytes[1];
        if ((flags & ~(OnlyIfUnsetFlag | EntriesFlag | AgeFlag)) != 0) throw new InvalidDataException($"a settings entry has unknown flags {flags}");
        var ageMs = BinaryPrimitives.ReadInt64LittleEndian(bytes[6..]);
        if (ageMs < 0 || ageMs > TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMillisecond) throw new InvalidDataException($"a settings entry has an age of {ageMs} ms");
        return new ClusterSettingsEntry(
            (flags & EntriesFlag) != 0 ? BinaryPrimitives.ReadInt32LittleEndian(bytes[2..]) : null,
            (flags & AgeFlag) != 0 ? TimeSpan.FromMilliseconds(ageMs) : null,
            (flags & OnlyIfUnsetFlag) != 0);
    }
}
