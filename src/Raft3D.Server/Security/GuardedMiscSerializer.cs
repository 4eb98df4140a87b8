using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Remote.Serialization;
using Akka.Serialization;

namespace Raft3D.Server.Security;

/// <summary>
/// Akka.Remote's serializer of its own small messages (Identify, heartbeats, PoisonPill, Kill,
/// Status, …), refusing on arrival the ones no peer of a Raft3D node has reason to send:
/// PoisonPill and Kill (untrusted mode drops a PoisonPill but lets a Kill through, which stops
/// the actor it reaches), and Status.Failure, which rebuilds an exception of a type the
/// sender names. Everything else is Akka's own code.
/// </summary>
public sealed class GuardedMiscSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>MiscMessageSerializer's manifests of PoisonPill, Kill and Status.Failure.</summary>
    private static readonly HashSet<string> Refused = ["PP", "K", "STF"];

    private readonly MiscMessageSerializer _inner = new(system);

    public override int Identifier => _inner.Identifier;

    public override string Manifest(object o) => _inner.Manifest(o);

    public override byte[] ToBinary(object obj) => _inner.ToBinary(obj);

    public override object FromBinary(byte[] bytes, string manifest) =>
        manifest is not null && Refused.Contains(manifest)
            ? throw new SerializationException($"refused a remote {Name(manifest)}: this node accepts only its own message types")
            : _inner.FromBinary(bytes, manifest!);

    private static string Name(string manifest) => manifest switch
    {
        "PP" => "PoisonPill",
        "K" => "Kill",
        _ => "Status.Failure",
    };
}
