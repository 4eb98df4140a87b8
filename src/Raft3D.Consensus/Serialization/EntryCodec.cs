using Raft3D.Consensus.Log;

namespace Raft3D.Consensus.Serialization;

/// <summary>The fields shared by several messages: a run of log entries and raw payloads.</summary>
public static class EntryCodec
{
    public static void WriteEntries(ref WireWriter w, IReadOnlyList<LogEntry> entries)
    {
        w.WriteVarInt(entries.Count);
        if (entries.Count == 0) return;
        // Entries of one batch are contiguous and mostly of one term: write the first index once.
        w.WriteVarLong(entries[0].Index);
        foreach (var e in entries)
        {
            w.WriteVarLong(e.Term);
            w.WriteByte((byte)e.Kind);
            w.WriteBytes(e.Data);
        }
    }

    public static LogEntry[] ReadEntries(ref WireReader r)
    {
        var count = r.ReadVarInt();
        if (count == 0) return [];
        var entries = new LogEntry[count];
        var index = r.ReadVarLong();
        for (var i = 0; i < count; i++)
        {
            var term = r.ReadVarLong();
            var kind = (EntryKind)r.ReadByte();
            entries[i] = new LogEntry(index + i, term, kind, ReadBytes(ref r));
        }
        return entries;
    }

    /// <summary>Length-prefixed bytes; an empty field is the shared <see cref="LogEntry.Empty"/>.</summary>
    public static byte[] ReadBytes(ref WireReader r) => r.ReadBytes(LogEntry.Empty);

    /// <summary>A string field that may be absent (a presence flag, then the string).</summary>
    public static void WriteOptional(ref WireWriter w, string? value)
    {
        w.WriteBoolean(value is not null);
        if (value is not null) w.WriteString(value);
    }

    public static string? ReadOptional(ref WireReader r) => r.ReadBoolean() ? r.ReadString() : null;
}
