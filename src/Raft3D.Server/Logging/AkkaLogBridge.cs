using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Raft3D.Server.Logging;

/// <summary>
/// Akka's logger for the node: each log event, rendered by Akka itself, goes to the node's
/// logger under the class that logged it. Akka's own templates use positional holes ({0})
/// out of order, which Microsoft.Extensions.Logging fills by order of appearance: passed on
/// as templates, Akka.Cluster's lines would name the wrong node.
/// </summary>
public sealed class AkkaLogBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _factory;
    private readonly Dictionary<Type, ILogger> _loggers = [];

    public AkkaLogBridge()
    {
        _factory = DependencyResolver.For(Context.System).Resolver.GetService<ILoggerFactory>();
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Log);
    }

    private void Log(LogEvent e)
    {
        if (!_loggers.TryGetValue(e.LogClass, out var logger))
            _loggers[e.LogClass] = logger = _factory.CreateLogger(e.LogClass == typeof(DummyClassForStringSources) ? "Akka" : e.LogClass.FullName ?? e.LogClass.Name);
        var level = e.LogLevel() switch
        {
            AkkaLogLevel.DebugLevel => LogLevel.Debug,
            AkkaLogLevel.InfoLevel => LogLevel.Information,
            AkkaLogLevel.WarningLevel => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        if (logger.IsEnabled(level)) logger.Log(level, e.Cause, "{AkkaMessage}", e.Message?.ToString());
    }
}
