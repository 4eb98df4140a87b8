using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Snapshots;
using static Raft3D.Consensus.Serialization.EntryCodec;

namespace Raft3D.Consensus.Serialization;

/// <summary>The events and snapshots a node journals: they must stay readable by every later release.</summary>
public static class JournalCodecs
{
    public static readonly IMessageCodec[] All =
    [
        new MessageCodec<HardStateChanged>("HS",
            static (ref WireWriter w, HardStateChanged m) => { w.WriteVarLong(m.Term); WriteOptional(ref w, m.VotedFor); },
            static (ref WireReader r) => new HardStateChanged(r.ReadVarLong(), ReadOptional(ref r))),
        new MessageCodec<EntriesAppended>("EA",
            static (ref WireWriter w, EntriesAppended m) => WriteEntries(ref w, m.Entries),
            static (ref WireReader r) => new EntriesAppended(ReadEntries(ref r))),
        new MessageCodec<LogTruncated>("LT",
            static (ref WireWriter w, LogTruncated m) => w.WriteVarLong(m.FromIndex),
            static (ref WireReader r) => new LogTruncated(r.ReadVarLong())),
        // A snapshot in one row ("SI", "SS": the formats the previous release reads) or, larger
        // than one segment, naming its segments ("SIG", "SSG"; the bytes are in those rows).
        new MessageCodec<SnapshotInstalled>("SI",
            static (ref WireWriter w, SnapshotInstalled m) =>
            {
                w.WriteVarLong(m.Index); w.WriteVarLong(m.Term); w.WriteBytes(m.Configuration); WriteData(ref w, m.Data);
            },
            static (ref WireReader r) => new SnapshotInstalled(r.ReadVarLong(), r.ReadVarLong(), ReadBytes(ref r), SnapshotData.Of(ReadBytes(ref r))),
            when: static m => m.Segments is null),
        new MessageCodec<SnapshotInstalled>("SIG",
            static (ref WireWriter w, SnapshotInstalled m) =>
            {
                w.WriteVarLong(m.Index); w.WriteVarLong(m.Term); w.WriteBytes(m.Configuration); WriteSegments(ref w, m.Segments!);
            },
            static (ref WireReader r) => new SnapshotInstalled(r.ReadVarLong(), r.ReadVarLong(), ReadBytes(ref r), SnapshotData.Empty, ReadSegments(ref r)),
            when: static m => m.Segments is not null),
        new MessageCodec<RaftSnapshot>("SS",
            static (ref WireWriter w, RaftSnapshot m) =>
            {
                w.WriteVarLong(m.Index); w.WriteVarLong(m.Term); w.WriteBytes(m.Configuration); WriteData(ref w, m.Data);
                w.WriteVarLong(m.CurrentTerm); WriteOptional(ref w, m.VotedFor); WriteEntries(ref w, m.Suffix);
            },
            static (ref WireReader r) => new RaftSnapshot(r.ReadVarLong(), r.ReadVarLong(), ReadBytes(ref r), SnapshotData.Of(ReadBytes(ref r)),
                r.ReadVarLong(), ReadOptional(ref r), ReadEntries(ref r)),
            when: static m => m.Segments is null),
        new MessageCodec<RaftSnapshot>("SSG",
            static (ref WireWriter w, RaftSnapshot m) =>
            {
                w.WriteVarLong(m.Index); w.WriteVarLong(m.Term); w.WriteBytes(m.Configuration);
                w.WriteVarLong(m.CurrentTerm); WriteOptional(ref w, m.VotedFor); WriteEntries(ref w, m.Suffix); WriteSegments(ref w, m.Segments!);
            },
            static (ref WireReader r) => new RaftSnapshot(r.ReadVarLong(), r.ReadVarLong(), ReadBytes(ref r), SnapshotData.Empty,
                r.ReadVarLong(), ReadOptional(ref r), ReadEntries(ref r), ReadSegments(ref r)),
            when: static m => m.Segments is not null),
        new MessageCodec<SnapshotSegment>("SG",
            static (ref WireWriter w, SnapshotSegment m) => w.WriteBytes(m.Data),
            static (ref WireReader r) => new SnapshotSegment(ReadBytes(ref r))),
    ];

    private static void WriteData(ref WireWriter w, SnapshotData data) =>
        w.WriteBytes(data.Segments.Count == 1 ? data.Segments[0] : data.ToArray());

    private static void WriteSegments(ref WireWriter w, SnapshotSegments s)
    {
        w.WriteVarLong(s.First); w.WriteVarInt(s.Count); w.WriteVarLong(s.Length);
    }

    private static SnapshotSegments ReadSegments(ref WireReader r) => new(r.ReadVarLong(), r.ReadVarInt(), r.ReadVarLong());
}
