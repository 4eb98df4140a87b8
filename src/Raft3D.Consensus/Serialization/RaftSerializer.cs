using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace Raft3D.Consensus.Serialization;

/// <summary>
/// Compact hand-written binary format for Raft's peer messages, client messages that cross
/// nodes, and journal events: 7-bit varints, length-prefixed UTF-8 and raw payload bytes.
/// The manifest names the type; the first byte of every payload is the format version. Each
/// type is one <see cref="MessageCodec{T}"/> registration in <see cref="PeerMessageCodecs"/>,
/// <see cref="ClientMessageCodecs"/> or <see cref="JournalCodecs"/>.
/// </summary>
public sealed class RaftSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7301;
    private const byte Version = 1;

    private static readonly IMessageCodec[] Codecs = [.. PeerMessageCodecs.All, .. ClientMessageCodecs.All, .. JournalCodecs.All];

    private static readonly Dictionary<Type, IMessageCodec[]> ByType = Codecs
        .GroupBy(c => c.Type)
        .ToDictionary(g => g.Key, g => g.ToArray());

    private static readonly Dictionary<string, IMessageCodec> ByManifest = Codecs.ToDictionary(c => c.Manifest);

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => CodecFor(o).Manifest;

    public override byte[] ToBinary(object obj)
    {
        var codec = CodecFor(obj);
        // Measure, then write into an array of exactly that size: one allocation per message,
        // and no copying of a big batch of entries between growing buffers.
        var measure = WireWriter.Measuring();
        measure.WriteByte(Version);
        codec.Write(ref measure, obj);
        var bytes = new byte[measure.Position];
        var writer = new WireWriter(bytes);
        writer.WriteByte(Version);
        codec.Write(ref writer, obj);
        return bytes;
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var reader = new WireReader(bytes);
        var version = reader.ReadByte();
        if (version != Version)
            throw new SerializationException($"{manifest} in format version {version}, which this node cannot read (it reads version {Version}): written by a newer Raft3D? Upgrade this node");
        if (!ByManifest.TryGetValue(manifest, out var codec)) throw new SerializationException($"unknown manifest {manifest}");
        return codec.Read(ref reader);
    }

    private static IMessageCodec CodecFor(object o)
    {
        if (ByType.TryGetValue(o.GetType(), out var codecs))
            foreach (var codec in codecs)
                if (codec.Writes(o)) return codec;
        throw new ArgumentException($"{o.GetType()} is not serialised by {nameof(RaftSerializer)}");
    }
}
