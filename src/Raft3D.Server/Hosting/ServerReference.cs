using Akka.Configuration;
using Raft3D.Consensus.Settings;

namespace Raft3D.Server.Hosting;

/// <summary>
/// The server's reference configuration (Hosting/reference.conf, embedded): every default of the
/// raft3d.* node settings, with its comment, over Raft3D.Consensus's own for raft3d.raft and the
/// journal. The lowest layer of a node's settings; hocon/ and -config only override it.
/// </summary>
public static class ServerReference
{
    public const string ResourceName = "Raft3D.Server.reference.conf";

    private static readonly Lazy<Config> Parsed = new(() => ConfigurationFactory.ParseString(Text()).WithFallback(RaftReference.Config));

    /// <summary>Every raft3d.* default: this server's reference over the Raft library's.</summary>
    public static Config Config => Parsed.Value;

    public static string Text()
    {
        using var stream = typeof(ServerReference).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(ServerReference).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
