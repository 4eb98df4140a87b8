using Raft3D.Server.Hosting;
using Serilog;
using Serilog.Events;

namespace Raft3D.Server.Logging;

/// <summary>
/// The node's Serilog logger: console at -console-level, LOGS/ID.log at -file-level. ASP.NET
/// Core's per-request lines are kept below info; Akka's logs arrive through
/// Microsoft.Extensions.Logging under their own source names.
/// </summary>
public static class NodeLogger
{
    private const string Template = "{Timestamp:HH:mm:ss.fff} {Level:u3} [{NodeId}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(NodeOptions node)
    {
        var minimum = (LogEventLevel)Math.Min((int)node.ConsoleLevel, (int)node.FileLevel);
        return new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .Enrich.WithProperty("NodeId", node.NodeId)
            .Enrich.FromLogContext()
            // A peer that stops makes Akka.Remote log an error with a stack trace; Raft's status
            // reports unreachable peers, so the console leaves these to the file.
            .WriteTo.Logger(console => console
                .Filter.ByExcluding(e => e.Exception?.GetType().Name is "EndpointDisassociatedException" or "InvalidAssociationException")
                .WriteTo.Console(restrictedToMinimumLevel: node.ConsoleLevel, outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Error))
            .WriteTo.File(node.LogFile, restrictedToMinimumLevel: node.FileLevel, outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}",
                fileSizeLimitBytes: 64L * 1024 * 1024, rollOnFileSizeLimit: true, retainedFileCountLimit: 5, shared: false, flushToDiskInterval: TimeSpan.FromSeconds(1))
            .CreateLogger();
    }
}
