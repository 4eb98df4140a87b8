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

    /// <summary>
    /// Every raft3d.* default: this server's reference over the Raft library's, freshly parsed.
    /// Never a shared instance: a fallback chain is extended in place by later WithFallback
    /// calls (Akka's own setup does that), which would leak one node's settings into the next
    /// node started in the same process.
    /// </summary>
    public static Config Load() => ConfigurationFactory.ParseString(Text()).WithFallback(RaftReference.Load());

    public static string Text()
    {
        using var stream = typeof(ServerReference).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(ServerReference).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
