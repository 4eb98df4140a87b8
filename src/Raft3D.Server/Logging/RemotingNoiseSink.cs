using Serilog.Core;
using Serilog.Events;

namespace Raft3D.Server.Logging;

/// <summary>
/// Passes events on, demoting Akka.Remote's per-attempt chatter about unreachable peers to
/// debug: while a peer is down Akka logs a warning and an info line on every reconnection
/// attempt (several a second), which would drown the role, term and membership lines. Raft's
/// status already reports which peers are healthy. The lines stay in the file at debug level.
/// </summary>
public sealed class RemotingNoiseSink(ILogEventSink inner) : ILogEventSink, IDisposable
{
    private static readonly string[] Chatter =
    [
        "Tried to associate with unreachable remote address",
        "Removing receive buffers for",
        "Association with remote system",
        "Disassociated",
    ];

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level > LogEventLevel.Debug && IsChatter(logEvent))
        {
            logEvent = new LogEvent(logEvent.Timestamp, LogEventLevel.Debug, logEvent.Exception, logEvent.MessageTemplate,
                logEvent.Properties.Select(p => new LogEventProperty(p.Key, p.Value)));
        }
        inner.Emit(logEvent);
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private static bool IsChatter(LogEvent logEvent)
    {
        if (logEvent.Exception?.GetType().Name is "EndpointDisassociatedException" or "InvalidAssociationException" or "ShutDownAssociation") return true;
        if (!logEvent.Properties.TryGetValue("SourceContext", out var source) || !source.ToString().Contains("Akka", StringComparison.Ordinal)) return false;
        var text = logEvent.RenderMessage();
        return Chatter.Any(c => text.Contains(c, StringComparison.Ordinal));
    }
}
