using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using static Raft3D.Consensus.Serialization.EntryCodec;

namespace Raft3D.Consensus.Serialization;

/// <summary>Client requests a node passes to its leader, and their answers.</summary>
public static class ClientMessageCodecs
{
    /// <summary>The answer format a Propose of this release asks for: results as this release writes them.</summary>
    private const int CurrentAnswerFormat = 1;

    public static readonly IMessageCodec[] All =
    [
        // A traced write has its own manifest, so untraced ones stay byte for byte as before.
        new MessageCodec<Propose>("PT",
            static (ref WireWriter w, Propose m) => { w.WriteBytes(m.Command); w.WriteVarInt(m.Hops); w.WriteString(m.TraceParent!); },
            static (ref WireReader r) => new Propose(ReadBytes(ref r), r.ReadVarInt()) { TraceParent = r.ReadString() },
            when: static m => m.TraceParent is not null),
        // After v0.1.0's fields, the answer format the proposer reads; a proposal of the previous
        // release (v0.1.0, or one such passed on by this release) has none, and v0.1.0's reader
        // stops before it.
        new MessageCodec<Propose>("P",
            static (ref WireWriter w, Propose m) =>
            {
                w.WriteBytes(m.Command);
                w.WriteVarInt(m.Hops);
                if (!m.PreviousReleaseAnswers) w.WriteVarInt(CurrentAnswerFormat);
            },
            static (ref WireReader r) => new Propose(ReadBytes(ref r), r.ReadVarInt()) { PreviousReleaseAnswers = r.AtEnd || r.ReadVarInt() < CurrentAnswerFormat }),
        new MessageCodec<ProposeResult.Applied>("PA",
            static (ref WireWriter w, ProposeResult.Applied m) => { w.WriteVarLong(m.Index); w.WriteBytes(m.Result); },
            static (ref WireReader r) => new ProposeResult.Applied(r.ReadVarLong(), ReadBytes(ref r))),
        new MessageCodec<ProposeResult.NoLeader>("PN",
            static (ref WireWriter w, ProposeResult.NoLeader m) => w.WriteString(m.Reason),
            static (ref WireReader r) => new ProposeResult.NoLeader(r.ReadString())),
        new MessageCodec<ProposeResult.OutcomeUnknown>("PU",
            static (ref WireWriter w, ProposeResult.OutcomeUnknown m) => w.WriteString(m.Reason),
            static (ref WireReader r) => new ProposeResult.OutcomeUnknown(r.ReadString())),
        new MessageCodec<ProposeResult.Overloaded>("PO",
            static (ref WireWriter w, ProposeResult.Overloaded m) => w.WriteString(m.Reason),
            static (ref WireReader r) => new ProposeResult.Overloaded(r.ReadString())),
        new MessageCodec<AddMember>("AM",
            static (ref WireWriter w, AddMember m) =>
            {
                w.WriteString(m.Member.Id); w.WriteString(m.Member.RaftAddress); w.WriteString(m.Member.HttpAddress); w.WriteVarInt(m.Hops);
            },
            static (ref WireReader r) => new AddMember(new Member(r.ReadString(), r.ReadString(), r.ReadString()), r.ReadVarInt())),
        new MessageCodec<RemoveMember>("RM",
            static (ref WireWriter w, RemoveMember m) => { w.WriteString(m.Id); w.WriteVarInt(m.Hops); },
            static (ref WireReader r) => new RemoveMember(r.ReadString(), r.ReadVarInt())),
        new MessageCodec<MembershipResult.Done>("MD",
            static (ref WireWriter w, MembershipResult.Done m) =>
            {
                w.WriteVarLong(m.Index);
                // Length-prefixed, as a nested byte array, so that older readers skip it whole.
                var configuration = WireWriter.Measuring();
                ConfigurationCodec.Write(ref configuration, m.Configuration);
                w.WriteVarInt(configuration.Position);
                ConfigurationCodec.Write(ref w, m.Configuration);
            },
            static (ref WireReader r) => new MembershipResult.Done(r.ReadVarLong(), ConfigurationCodec.Decode(ReadBytes(ref r)))),
        new MessageCodec<MembershipResult.Rejected>("MR",
            static (ref WireWriter w, MembershipResult.Rejected m) => w.WriteString(m.Reason),
            static (ref WireReader r) => new MembershipResult.Rejected(r.ReadString())),
        new MessageCodec<MembershipResult.NoLeader>("MN",
            static (ref WireWriter w, MembershipResult.NoLeader m) => w.WriteString(m.Reason),
            static (ref WireReader r) => new MembershipResult.NoLeader(r.ReadString())),
        new MessageCodec<MembershipResult.OutcomeUnknown>("MU",
            static (ref WireWriter w, MembershipResult.OutcomeUnknown m) => w.WriteString(m.Reason),
            static (ref WireReader r) => new MembershipResult.OutcomeUnknown(r.ReadString())),
        new MessageCodec<TransferLeadership>("TL",
            static (ref WireWriter w, TransferLeadership m) => { WriteOptional(ref w, m.To); w.WriteVarInt(m.Hops); },
            static (ref WireReader r) => new TransferLeadership(ReadOptional(ref r), r.ReadVarInt())),
        new MessageCodec<TransferResult.Done>("TD",
            static (ref WireWriter w, TransferResult.Done m) => { w.WriteString(m.NewLeader); w.WriteVarLong(m.Term); },
            static (ref WireReader r) => new TransferResult.Done(r.ReadString(), r.ReadVarLong())),
        new MessageCodec<TransferResult.Rejected>("TR",
            static (ref WireWriter w, TransferResult.Rejected m) => w.WriteString(m.Reason),
            static (ref WireReader r) => new TransferResult.Rejected(r.ReadString())),
        new MessageCodec<TransferResult.NoLeader>("TX",
            static (ref WireWriter w, TransferResult.NoLeader m) => w.WriteString(m.Reason),
            static (ref WireReader r) => new TransferResult.NoLeader(r.ReadString())),
    ];
}
