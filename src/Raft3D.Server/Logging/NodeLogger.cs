using Raft3D.Server.Hosting;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Raft3D.Server.Logging;

/// <summary>
/// The node's Serilog logger: console at -console-level, LOGS/ID.log at -file-level. ASP.NET
/// Core's per-request lines are kept below info; Akka's logs arrive through
/// Microsoft.Extensions.Logging under their own source names. With raft3d.node.log-format =
/// json both write Serilog's compact JSON, one event per line, for a log pipeline.
/// </summary>
public static class NodeLogger
{
    private const string Template = "{Timestamp:HH:mm:ss.fff} {Level:u3} [{NodeId}] {SourceContext}: {Message:lj}{NewLine}{Exception}";
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>The category whose logger, while it logs at any level, makes ASP.NET Core start an Activity and a logging scope for every request.</summary>
    public const string RequestDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Makes logger the host's only log provider, behind Microsoft's logger factory: that one keeps
    /// a logger per category, where Serilog's own factory built a new one (and a cache of its event
    /// ids) every time one was asked for, which ASP.NET Core's results do for every request. The
    /// levels stay Serilog's. RequestDiagnostics is off: it writes only info and debug lines, which
    /// a node never keeps (Microsoft.* at warning), yet while it is on every request allocated an
    /// Activity and a scope (about 1 KB of the 16 KB a write allocated, docs/benchmarks.md).
    /// </summary>
    public static void AddTo(ILoggingBuilder logging, Serilog.Core.Logger logger)
    {
        logging.ClearProviders();
        logging.AddSerilog(logger, dispose: true);
        // For Serilog's provider by name: AddSerilog gives it a rule of its own, which outranks rules for all providers.
        logging.AddFilter<Serilog.Extensions.Logging.SerilogLoggerProvider>(RequestDiagnostics, LogLevel.None);
    }

    public static Serilog.Core.Logger Create(NodeOptions node)
    {
        var minimum = (LogEventLevel)Math.Min((int)node.ConsoleLevel, (int)node.FileLevel);
        var sinks = new LoggerConfiguration().MinimumLevel.Verbose();
        const long fileSize = 64L * 1024 * 1024;
        if (LogFormats.Read(node.Config) == LogFormat.Json)
        {
            sinks.WriteTo.Console(new CompactJsonFormatter(), restrictedToMinimumLevel: node.ConsoleLevel, standardErrorFromLevel: LogEventLevel.Error)
                .WriteTo.File(new CompactJsonFormatter(), node.LogFile, restrictedToMinimumLevel: node.FileLevel,
                    fileSizeLimitBytes: fileSize, rollOnFileSizeLimit: true, retainedFileCountLimit: 5, shared: false, flushToDiskInterval: TimeSpan.FromSeconds(1));
        }
        else
        {
            sinks.WriteTo.Console(restrictedToMinimumLevel: node.ConsoleLevel, outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Error)
                .WriteTo.File(node.LogFile, restrictedToMinimumLevel: node.FileLevel, outputTemplate: FileTemplate,
                    fileSizeLimitBytes: fileSize, rollOnFileSizeLimit: true, retainedFileCountLimit: 5, shared: false, flushToDiskInterval: TimeSpan.FromSeconds(1));
        }
        return new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .Enrich.WithProperty("NodeId", node.NodeId)
            .Enrich.FromLogContext()
            .WriteTo.Sink(new RemotingNoiseSink(sinks.CreateLogger()))
            .CreateLogger();
    }
}
