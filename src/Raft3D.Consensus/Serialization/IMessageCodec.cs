namespace Raft3D.Consensus.Serialization;

/// <summary>How <see cref="RaftSerializer"/> sees one registration of a <see cref="MessageCodec{T}"/>.</summary>
public interface IMessageCodec
{
    /// <summary>The name the message travels and is journalled under.</summary>
    string Manifest { get; }

    Type Type { get; }

    /// <summary>Whether this registration writes this instance of <see cref="Type"/> (a type may have two forms).</summary>
    bool Writes(object message);

    void Write(ref WireWriter writer, object message);

    object Read(ref WireReader reader);
}
