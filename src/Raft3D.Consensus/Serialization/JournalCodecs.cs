using Raft3D.Consensus.Persistence;
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
        new MessageCodec<SnapshotInstalled>("SI",
            static (ref WireWriter w, SnapshotInstalled m) =>
            {
                w.WriteVarLong(m.Index); w.WriteVarLong(m.Term); w.WriteBytes(m.Configuration); w.WriteBytes(m.Data);
            },
            static (ref WireReader r) => new SnapshotInstalled(r.ReadVarLong(), r.ReadVarLong(), ReadBytes(ref r), ReadBytes(ref r))),
        new MessageCodec<RaftSnapshot>("SS",
            static (ref WireWriter w, RaftSnapshot m) =>
            {
                w.WriteVarLong(m.Index); w.WriteVarLong(m.Term); w.WriteBytes(m.Configuration); w.WriteBytes(m.Data);
                w.WriteVarLong(m.CurrentTerm); WriteOptional(ref w, m.VotedFor); WriteEntries(ref w, m.Suffix);
            },
            static (ref WireReader r) => new RaftSnapshot(r.ReadVarLong(), r.ReadVarLong(), ReadBytes(ref r), ReadBytes(ref r),
                r.ReadVarLong(), ReadOptional(ref r), ReadEntries(ref r))),
    ];
}
