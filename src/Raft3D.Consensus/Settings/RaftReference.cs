using Akka.Configuration;

namespace Raft3D.Consensus.Settings;

/// <summary>
/// The library's reference configuration (reference.conf, embedded): every default of the Raft
/// and journal settings, with its comment. A host reads its settings from its own
/// configuration with this one as the lowest fallback; the defaults of the option types are
/// these same values, so they live in one place.
/// </summary>
public static class RaftReference
{
    public const string ResourceName = "Raft3D.Consensus.reference.conf";

    private static readonly Lazy<Config> Parsed = new(Load);

    /// <summary>The reference configuration, parsed once, for reading defaults; layer <see cref="Load"/> instead.</summary>
    public static Config Config => Parsed.Value;

    /// <summary>
    /// A fresh parse of the reference configuration, to layer under a host's own: WithFallback
    /// extends a chain in place, so a shared instance would carry one host's settings into the next.
    /// </summary>
    public static Config Load() => ConfigurationFactory.ParseString(Text());

    public static string Text()
    {
        using var stream = typeof(RaftReference).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(RaftReference).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static int Int(string path) => Config.GetInt(path);

    internal static bool Boolean(string path) => Config.GetBoolean(path);

    internal static long Bytes(string path) => Config.GetByteSize(path) ?? throw new InvalidOperationException($"{ResourceName} has no {path}");

    internal static TimeSpan Duration(string path) => Config.GetTimeSpan(path);
}
