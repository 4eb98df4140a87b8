using Akka.Configuration;
using Raft3D.Server.Flags;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Logging;

/// <summary>raft3d.node.log-format: lines for people (text) or one JSON object per line for a log pipeline.</summary>
public enum LogFormat
{
    Text,

    /// <summary>Serilog's compact JSON (CLEF): @t, @l, @mt, @x and the properties, one event per line.</summary>
    Json,
}

public static class LogFormats
{
    public static LogFormat Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw new FlagException($"setting raft3d.node.log-format = {text}: use text or json"),
    };

    public static LogFormat Read(Config config) => Read(new SettingsReader(config));

    public static LogFormat Read(SettingsReader settings) => Parse(settings.String("raft3d.node.log-format"));
}
