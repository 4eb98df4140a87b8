using Raft3D.Server.Flags;
using Serilog.Events;

namespace Raft3D.Server.Logging;

/// <summary>The level names of -console-level and -file-level.</summary>
public static class LogLevels
{
    public static LogEventLevel Parse(string value, string flag) => value.Trim().ToLowerInvariant() switch
    {
        "debug" or "dbg" or "verbose" or "trace" => LogEventLevel.Debug,
        "info" or "information" => LogEventLevel.Information,
        "warn" or "warning" => LogEventLevel.Warning,
        "error" or "err" => LogEventLevel.Error,
        _ => throw new FlagException($"-{flag} {value}: use debug, info, warn or error"),
    };

    public static Akka.Event.LogLevel ToAkka(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => Akka.Event.LogLevel.DebugLevel,
        LogEventLevel.Information => Akka.Event.LogLevel.InfoLevel,
        LogEventLevel.Warning => Akka.Event.LogLevel.WarningLevel,
        _ => Akka.Event.LogLevel.ErrorLevel,
    };
}
