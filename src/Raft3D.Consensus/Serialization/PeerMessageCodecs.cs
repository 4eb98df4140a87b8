using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;
using static Raft3D.Consensus.Serialization.EntryCodec;

namespace Raft3D.Consensus.Serialization;

/// <summary>The messages Raft peers send each other (§5, §7, thesis §3.10 and §6.4).</summary>
public static class PeerMessageCodecs
{
    public static readonly IMessageCodec[] All =
    [
        new MessageCodec<RequestVote>("RV",
            static (ref WireWriter w, RequestVote m) =>
            {
                w.WriteVarLong(m.Term); w.WriteString(m.From); w.WriteVarLong(m.LastLogIndex);
                w.WriteVarLong(m.LastLogTerm); w.WriteBoolean(m.PreVote); w.WriteBoolean(m.LeadershipTransfer);
                WriteClusterId(ref w, m);
            },
            static (ref WireReader r) => new RequestVote(r.ReadVarLong(), r.ReadString(), r.ReadVarLong(), r.ReadVarLong(), r.ReadBoolean(), r.ReadBoolean()) { ClusterId = ReadClusterId(ref r) }),
        new MessageCodec<RequestVoteResponse>("RVR",
            static (ref WireWriter w, RequestVoteResponse m) =>
            {
                w.WriteVarLong(m.Term); w.WriteString(m.From); w.WriteBoolean(m.Granted); w.WriteBoolean(m.PreVote);
                WriteClusterId(ref w, m);
            },
            static (ref WireReader r) => new RequestVoteResponse(r.ReadVarLong(), r.ReadString(), r.ReadBoolean(), r.ReadBoolean()) { ClusterId = ReadClusterId(ref r) }),
        new MessageCodec<AppendEntries>("AE",
            static (ref WireWriter w, AppendEntries m) =>
            {
                w.WriteVarLong(m.Term); w.WriteString(m.From); w.WriteVarLong(m.PrevLogIndex); w.WriteVarLong(m.PrevLogTerm);
                WriteEntries(ref w, m.Entries); w.WriteVarLong(m.LeaderCommit); w.WriteVarLong(m.Session);
                WriteClusterId(ref w, m);
            },
            static (ref WireReader r) => new AppendEntries(r.ReadVarLong(), r.ReadString(), r.ReadVarLong(), r.ReadVarLong(), ReadEntries(ref r), r.ReadVarLong(), r.ReadVarLong()) { ClusterId = ReadClusterId(ref r) }),
        new MessageCodec<AppendEntriesResponse>("AER",
            static (ref WireWriter w, AppendEntriesResponse m) =>
            {
                w.WriteVarLong(m.Term); w.WriteString(m.From); w.WriteBoolean(m.Success); w.WriteVarLong(m.MatchIndex);
                w.WriteVarLong(m.RejectedIndex); w.WriteVarLong(m.ConflictIndex); w.WriteVarLong(m.ConflictTerm);
                w.WriteVarLong(m.LastLogIndex); w.WriteVarLong(m.Session);
                WriteClusterId(ref w, m);
            },
            static (ref WireReader r) => new AppendEntriesResponse(r.ReadVarLong(), r.ReadString(), r.ReadBoolean(), r.ReadVarLong(),
                r.ReadVarLong(), r.ReadVarLong(), r.ReadVarLong(), r.ReadVarLong(), r.ReadVarLong()) { ClusterId = ReadClusterId(ref r) }),
        new MessageCodec<Heartbeat>("HB",
            static (ref WireWriter w, Heartbeat m) =>
            {
                w.WriteVarLong(m.Term); w.WriteString(m.From); w.WriteVarLong(m.Commit); w.WriteVarLong(m.ReadRound);
                WriteClusterId(ref w, m);
            },
            static (ref WireReader r) => new Heartbeat(r.ReadVarLong(), r.ReadString(), r.ReadVarLong(), r.ReadVarLong()) { ClusterId = ReadClusterId(ref r) }),
        new MessageCodec<HeartbeatResponse>("HBR",
            static (ref WireWriter w, HeartbeatResponse m) =>
            {
                w.WriteVarLong(m.Term); w.WriteString(m.From); w.WriteVarLong(m.ReadRound); w.WriteVarLong(m.LastLogIndex);
                WriteClusterId(ref w, m);
            },
            static (ref WireReader r) => new HeartbeatResponse(r.ReadVarLong(), r.ReadString(), r.ReadVarLong(), r.ReadVarLong()) { ClusterId = ReadClusterId(ref r) }),
        new MessageCodec<ReadIndexRequest>("RIQ",
            static (ref WireWriter w, ReadIndexRequest m) =>
            {
                w.WriteVarLong(m.Term); w.WriteString(m.From); w.WriteVarLong(m.BatchId);
                WriteClusterId(ref w, m);
            },
            static (ref WireReader r) => new ReadIndexRequest(r.ReadVarLong(), r.ReadString(), r.ReadVarLong()) { ClusterId = ReadClusterId(ref r) }),
        new MessageCodec<ReadIndexResponse>("RIR",
            static (ref WireWriter w, ReadIndexResponse m) =>
            {
                w.WriteVarLong(m.Term); w.WriteString(m.From); w.WriteVarLong(m.BatchId); w.WriteVarLong(m.ReadIndex); w.WriteBoolean(m.Ok);
                WriteClusterId(ref w, m);
            },
            static (ref WireReader r) => new ReadIndexResponse(r.ReadVarLong(), r.ReadString(), r.ReadVarLong(), r.ReadVarLong(), r.ReadBoolean()) { ClusterId = ReadClusterId(ref r) }),
        new MessageCodec<TimeoutNow>("TN",
            static (ref WireWriter w, TimeoutNow m) =>
            {
                w.WriteVarLong(m.Term); w.WriteString(m.From);
                WriteClusterId(ref w, m);
            },
            static (ref WireReader r) => new TimeoutNow(r.ReadVarLong(), r.ReadString()) { ClusterId = ReadClusterId(ref r) }),
        new MessageCodec<InstallSnapshot>("IS",
            static (ref WireWriter w, InstallSnapshot m) =>
            {
                w.WriteVarLong(m.Term); w.WriteString(m.From); w.WriteVarLong(m.LastIncludedIndex); w.WriteVarLong(m.LastIncludedTerm);
                w.WriteBytes(m.Configuration); w.WriteVarLong(m.Offset); w.WriteBytes(m.Chunk); w.WriteBoolean(m.Done); w.WriteVarLong(m.Session);
                WriteClusterId(ref w, m);
            },
            static (ref WireReader r) => new InstallSnapshot(r.ReadVarLong(), r.ReadString(), r.ReadVarLong(), r.ReadVarLong(),
                ReadBytes(ref r), r.ReadVarLong(), ReadBytes(ref r), r.ReadBoolean(), r.ReadVarLong()) { ClusterId = ReadClusterId(ref r) }),
        new MessageCodec<InstallSnapshotResponse>("ISR",
            static (ref WireWriter w, InstallSnapshotResponse m) =>
            {
                w.WriteVarLong(m.Term); w.WriteString(m.From); w.WriteVarLong(m.LastIncludedIndex); w.WriteVarLong(m.NextOffset);
                w.WriteBoolean(m.Done); w.WriteVarLong(m.Session);
                WriteClusterId(ref w, m);
            },
            static (ref WireReader r) => new InstallSnapshotResponse(r.ReadVarLong(), r.ReadString(), r.ReadVarLong(), r.ReadVarLong(), r.ReadBoolean(), r.ReadVarLong()) { ClusterId = ReadClusterId(ref r) }),
    ];

    /// <summary>
    /// The sender's cluster id, a trailing field: v0.1.0 stops reading before it, and a message
    /// from v0.1.0 has none (read as empty). Not written when empty, so such a message is byte
    /// for byte what v0.1.0 wrote.
    /// </summary>
    private static void WriteClusterId(ref WireWriter w, IRaftMessage m)
    {
        if (m.ClusterId.Length > 0) w.WriteString(m.ClusterId);
    }

    private static string ReadClusterId(ref WireReader r) => r.AtEnd ? "" : r.ReadString();
}
