using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Serialization;

/// <summary>
/// Compact hand-written binary format for Raft's peer messages, client messages that cross
/// nodes, and journal events: 7-bit varints, length-prefixed UTF-8 and raw payload bytes.
/// The manifest names the type; the first byte of every payload is the format version.
/// </summary>
public sealed class RaftSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7301;
    private const byte Version = 1;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        RequestVote => "RV",
        RequestVoteResponse => "RVR",
        AppendEntries => "AE",
        AppendEntriesResponse => "AER",
        Heartbeat => "HB",
        HeartbeatResponse => "HBR",
        ReadIndexRequest => "RIQ",
        ReadIndexResponse => "RIR",
        TimeoutNow => "TN",
        HardStateChanged => "HS",
        EntriesAppended => "EA",
        LogTruncated => "LT",
        // A traced write has its own manifest, so untraced ones stay byte for byte as before.
        Propose { TraceParent: not null } => "PT",
        Propose => "P",
        ProposeResult.Applied => "PA",
        ProposeResult.NoLeader => "PN",
        ProposeResult.OutcomeUnknown => "PU",
        ProposeResult.Overloaded => "PO",
        AddMember => "AM",
        RemoveMember => "RM",
        MembershipResult.Done => "MD",
        MembershipResult.Rejected => "MR",
        MembershipResult.NoLeader => "MN",
        MembershipResult.OutcomeUnknown => "MU",
        TransferLeadership => "TL",
        TransferResult.Done => "TD",
        TransferResult.Rejected => "TR",
        TransferResult.NoLeader => "TX",
        InstallSnapshot => "IS",
        InstallSnapshotResponse => "ISR",
        SnapshotInstalled => "SI",
        RaftSnapshot => "SS",
        _ => throw new ArgumentException($"{o.GetType()} is not serialised by {nameof(RaftSerializer)}"),
    };

    /// <summary>
    /// Room for the whole message at once: a buffer that doubles from a small start copies a
    /// batch of entries several times and lands on the large-object heap for every big batch.
    /// </summary>
    private static int EstimatedSize(object obj) => obj switch
    {
        AppendEntries m => 128 + SizeOf(m.Entries),
        EntriesAppended e => 64 + SizeOf(e.Entries),
        InstallSnapshot m => 128 + m.Configuration.Length + m.Chunk.Length,
        SnapshotInstalled e => 64 + e.Configuration.Length + e.Data.Length,
        RaftSnapshot s => 128 + s.Configuration.Length + s.Data.Length + SizeOf(s.Suffix),
        _ => 128,
    };

    private static int SizeOf(IReadOnlyList<LogEntry> entries)
    {
        var size = 0;
        foreach (var entry in entries) size += entry.Size;
        return size;
    }

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream(EstimatedSize(obj));
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Version);
            Write(w, obj);
        }
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        var version = r.ReadByte();
        if (version != Version)
            throw new SerializationException($"{manifest} in format version {version}, which this node cannot read (it reads version {Version}): written by a newer Raft3D? Upgrade this node");
        return manifest switch
        {
            "RV" => new RequestVote(Long(r), r.ReadString(), Long(r), Long(r), r.ReadBoolean(), r.ReadBoolean()),
            "RVR" => new RequestVoteResponse(Long(r), r.ReadString(), r.ReadBoolean(), r.ReadBoolean()),
            "AE" => new AppendEntries(Long(r), r.ReadString(), Long(r), Long(r), Entries(r), Long(r), Long(r)),
            "AER" => new AppendEntriesResponse(Long(r), r.ReadString(), r.ReadBoolean(), Long(r), Long(r), Long(r), Long(r), Long(r), Long(r)),
            "HB" => new Heartbeat(Long(r), r.ReadString(), Long(r), Long(r)),
            "HBR" => new HeartbeatResponse(Long(r), r.ReadString(), Long(r), Long(r)),
            "RIQ" => new ReadIndexRequest(Long(r), r.ReadString(), Long(r)),
            "RIR" => new ReadIndexResponse(Long(r), r.ReadString(), Long(r), Long(r), r.ReadBoolean()),
            "TN" => new TimeoutNow(Long(r), r.ReadString()),
            "HS" => new HardStateChanged(Long(r), r.ReadBoolean() ? r.ReadString() : null),
            "EA" => new EntriesAppended(Entries(r)),
            "LT" => new LogTruncated(Long(r)),
            "P" => new Propose(Bytes(r), r.Read7BitEncodedInt()),
            "PT" => new Propose(Bytes(r), r.Read7BitEncodedInt()) { TraceParent = r.ReadString() },
            "PA" => new ProposeResult.Applied(Long(r), Bytes(r)),
            "PN" => new ProposeResult.NoLeader(r.ReadString()),
            "PU" => new ProposeResult.OutcomeUnknown(r.ReadString()),
            "PO" => new ProposeResult.Overloaded(r.ReadString()),
            "AM" => new AddMember(new Member(r.ReadString(), r.ReadString(), r.ReadString()), r.Read7BitEncodedInt()),
            "RM" => new RemoveMember(r.ReadString(), r.Read7BitEncodedInt()),
            "MD" => new MembershipResult.Done(Long(r), ConfigurationCodec.Decode(Bytes(r))),
            "MR" => new MembershipResult.Rejected(r.ReadString()),
            "MN" => new MembershipResult.NoLeader(r.ReadString()),
            "MU" => new MembershipResult.OutcomeUnknown(r.ReadString()),
            "TL" => new TransferLeadership(r.ReadBoolean() ? r.ReadString() : null, r.Read7BitEncodedInt()),
            "TD" => new TransferResult.Done(r.ReadString(), Long(r)),
            "TR" => new TransferResult.Rejected(r.ReadString()),
            "TX" => new TransferResult.NoLeader(r.ReadString()),
            "IS" => new InstallSnapshot(Long(r), r.ReadString(), Long(r), Long(r), Bytes(r), Long(r), Bytes(r), r.ReadBoolean(), Long(r)),
            "ISR" => new InstallSnapshotResponse(Long(r), r.ReadString(), Long(r), Long(r), r.ReadBoolean(), Long(r)),
            "SI" => new SnapshotInstalled(Long(r), Long(r), Bytes(r), Bytes(r)),
            "SS" => new RaftSnapshot(Long(r), Long(r), Bytes(r), Bytes(r), Long(r), r.ReadBoolean() ? r.ReadString() : null, Entries(r)),
            _ => throw new SerializationException($"unknown manifest {manifest}"),
        };
    }

    private static void Write(BinaryWriter w, object obj)
    {
        switch (obj)
        {
            case RequestVote m:
                w.Write7BitEncodedInt64(m.Term); w.Write(m.From); w.Write7BitEncodedInt64(m.LastLogIndex);
                w.Write7BitEncodedInt64(m.LastLogTerm); w.Write(m.PreVote); w.Write(m.LeadershipTransfer);
                break;
            case RequestVoteResponse m:
                w.Write7BitEncodedInt64(m.Term); w.Write(m.From); w.Write(m.Granted); w.Write(m.PreVote);
                break;
            case AppendEntries m:
                w.Write7BitEncodedInt64(m.Term); w.Write(m.From); w.Write7BitEncodedInt64(m.PrevLogIndex);
                w.Write7BitEncodedInt64(m.PrevLogTerm); WriteEntries(w, m.Entries);
                w.Write7BitEncodedInt64(m.LeaderCommit); w.Write7BitEncodedInt64(m.Session);
                break;
            case AppendEntriesResponse m:
                w.Write7BitEncodedInt64(m.Term); w.Write(m.From); w.Write(m.Success); w.Write7BitEncodedInt64(m.MatchIndex);
                w.Write7BitEncodedInt64(m.RejectedIndex); w.Write7BitEncodedInt64(m.ConflictIndex);
                w.Write7BitEncodedInt64(m.ConflictTerm); w.Write7BitEncodedInt64(m.LastLogIndex); w.Write7BitEncodedInt64(m.Session);
                break;
            case Heartbeat m:
                w.Write7BitEncodedInt64(m.Term); w.Write(m.From); w.Write7BitEncodedInt64(m.Commit); w.Write7BitEncodedInt64(m.ReadRound);
                break;
            case HeartbeatResponse m:
                w.Write7BitEncodedInt64(m.Term); w.Write(m.From); w.Write7BitEncodedInt64(m.ReadRound); w.Write7BitEncodedInt64(m.LastLogIndex);
                break;
            case ReadIndexRequest m:
                w.Write7BitEncodedInt64(m.Term); w.Write(m.From); w.Write7BitEncodedInt64(m.BatchId);
                break;
            case ReadIndexResponse m:
                w.Write7BitEncodedInt64(m.Term); w.Write(m.From); w.Write7BitEncodedInt64(m.BatchId);
                w.Write7BitEncodedInt64(m.ReadIndex); w.Write(m.Ok);
                break;
            case TimeoutNow m:
                w.Write7BitEncodedInt64(m.Term); w.Write(m.From);
                break;
            case HardStateChanged m:
                w.Write7BitEncodedInt64(m.Term); w.Write(m.VotedFor is not null);
                if (m.VotedFor is not null) w.Write(m.VotedFor);
                break;
            case EntriesAppended m:
                WriteEntries(w, m.Entries);
                break;
            case LogTruncated m:
                w.Write7BitEncodedInt64(m.FromIndex);
                break;
            case Propose m:
                WriteBytes(w, m.Command); w.Write7BitEncodedInt(m.Hops);
                if (m.TraceParent is not null) w.Write(m.TraceParent);
                break;
            case ProposeResult.Applied m:
                w.Write7BitEncodedInt64(m.Index); WriteBytes(w, m.Result);
                break;
            case ProposeResult.NoLeader m:
                w.Write(m.Reason);
                break;
            case ProposeResult.OutcomeUnknown m:
                w.Write(m.Reason);
                break;
            case ProposeResult.Overloaded m:
                w.Write(m.Reason);
                break;
            case AddMember m:
                w.Write(m.Member.Id); w.Write(m.Member.RaftAddress); w.Write(m.Member.HttpAddress); w.Write7BitEncodedInt(m.Hops);
                break;
            case RemoveMember m:
                w.Write(m.Id); w.Write7BitEncodedInt(m.Hops);
                break;
            case MembershipResult.Done m:
                w.Write7BitEncodedInt64(m.Index); WriteBytes(w, ConfigurationCodec.Encode(m.Configuration));
                break;
            case MembershipResult.Rejected m:
                w.Write(m.Reason);
                break;
            case MembershipResult.NoLeader m:
                w.Write(m.Reason);
                break;
            case MembershipResult.OutcomeUnknown m:
                w.Write(m.Reason);
                break;
            case TransferLeadership m:
                w.Write(m.To is not null);
                if (m.To is not null) w.Write(m.To);
                w.Write7BitEncodedInt(m.Hops);
                break;
            case TransferResult.Done m:
                w.Write(m.NewLeader); w.Write7BitEncodedInt64(m.Term);
                break;
            case TransferResult.Rejected m:
                w.Write(m.Reason);
                break;
            case TransferResult.NoLeader m:
                w.Write(m.Reason);
                break;
            case InstallSnapshot m:
                w.Write7BitEncodedInt64(m.Term); w.Write(m.From); w.Write7BitEncodedInt64(m.LastIncludedIndex);
                w.Write7BitEncodedInt64(m.LastIncludedTerm); WriteBytes(w, m.Configuration); w.Write7BitEncodedInt64(m.Offset);
                WriteBytes(w, m.Chunk); w.Write(m.Done); w.Write7BitEncodedInt64(m.Session);
                break;
            case InstallSnapshotResponse m:
                w.Write7BitEncodedInt64(m.Term); w.Write(m.From); w.Write7BitEncodedInt64(m.LastIncludedIndex);
                w.Write7BitEncodedInt64(m.NextOffset); w.Write(m.Done); w.Write7BitEncodedInt64(m.Session);
                break;
            case SnapshotInstalled m:
                w.Write7BitEncodedInt64(m.Index); w.Write7BitEncodedInt64(m.Term); WriteBytes(w, m.Configuration); WriteBytes(w, m.Data);
                break;
            case RaftSnapshot m:
                w.Write7BitEncodedInt64(m.Index); w.Write7BitEncodedInt64(m.Term); WriteBytes(w, m.Configuration); WriteBytes(w, m.Data);
                w.Write7BitEncodedInt64(m.CurrentTerm); w.Write(m.VotedFor is not null);
                if (m.VotedFor is not null) w.Write(m.VotedFor);
                WriteEntries(w, m.Suffix);
                break;
            default:
                throw new ArgumentException($"{obj.GetType()} is not serialised by {nameof(RaftSerializer)}");
        }
    }

    private static void WriteEntries(BinaryWriter w, IReadOnlyList<LogEntry> entries)
    {
        w.Write7BitEncodedInt(entries.Count);
        if (entries.Count == 0) return;
        // Entries of one batch are contiguous and mostly of one term: write the first index once.
        w.Write7BitEncodedInt64(entries[0].Index);
        foreach (var e in entries)
        {
            w.Write7BitEncodedInt64(e.Term);
            w.Write((byte)e.Kind);
            WriteBytes(w, e.Data);
        }
    }

    private static LogEntry[] Entries(BinaryReader r)
    {
        var count = r.Read7BitEncodedInt();
        if (count == 0) return [];
        var entries = new LogEntry[count];
        var index = Long(r);
        for (var i = 0; i < count; i++)
        {
            var term = Long(r);
            var kind = (EntryKind)r.ReadByte();
            entries[i] = new LogEntry(index + i, term, kind, Bytes(r));
        }
        return entries;
    }

    private static void WriteBytes(BinaryWriter w, byte[] bytes)
    {
        w.Write7BitEncodedInt(bytes.Length);
        w.Write(bytes);
    }

    private static byte[] Bytes(BinaryReader r)
    {
        var length = r.Read7BitEncodedInt();
        return length == 0 ? LogEntry.Empty : r.ReadBytes(length);
    }

    private static long Long(BinaryReader r) => r.Read7BitEncodedInt64();
}
