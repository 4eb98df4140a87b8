using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace Raft3D.Server.Security;

/// <summary>
/// Takes the place of Akka's Newtonsoft JSON serializer (name "json", identifier 1), which is
/// bound to System.Object and rebuilds whatever type a sender names: every message a node
/// sends or receives has its own serializer (Raft's, Akka.Remote's, Akka.Cluster's), so
/// anything that would reach JSON is refused instead. A refused inbound message is dropped by
/// Akka.Remote with a warning naming the serializer id and manifest; the association stays up.
/// A string manifest means Akka hands the sender's type name over as text: no type is even
/// looked up, let alone constructed.
/// </summary>
public sealed class RefusingJsonSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka's identifier of its JSON serializer, which peers name in what they send.</summary>
    public const int JsonSerializerId = 1;

    /// <summary>Akka builds the "json" serializer with its akka.actor.serialization-settings.json section, which this one has no use for.</summary>
    public RefusingJsonSerializer(ExtendedActorSystem system, Akka.Configuration.Config settings)
        : this(system)
    {
    }

    public override int Identifier => JsonSerializerId;

    public override string Manifest(object o) => throw Refused(o.GetType().FullName);

    public override byte[] ToBinary(object obj) => throw Refused(obj.GetType().FullName);

    public override object FromBinary(byte[] bytes, string? manifest) =>
        throw new SerializationException($"refused a message for Akka's JSON serializer (type '{Shorten(manifest ?? "")}'): this node accepts only its own message types");

    private static SerializationException Refused(string? type) =>
        new($"{type} has no serializer of its own, and Akka's JSON serializer is disabled on Raft3D nodes (it would let a peer name any type)");

    /// <summary>The manifest is the sender's text: keep the log line short.</summary>
    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
