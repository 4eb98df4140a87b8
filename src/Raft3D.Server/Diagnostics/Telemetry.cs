using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Raft3D.Consensus.Diagnostics;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Diagnostics;

/// <summary>
/// Metrics and traces through OpenTelemetry: the Raft and farm meters, ASP.NET Core's and the
/// .NET runtime's, served by GET /metrics in the Prometheus text format; traces of requests
/// and of Raft's path through them, exported over OTLP only when raft3d.telemetry.otlp-endpoint
/// is set (no listener otherwise, so the activities are never even created).
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    /// <summary>The meters /metrics exports besides our own: request durations by route and status, Kestrel, the runtime.</summary>
    private static readonly string[] FrameworkMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime"];

    public static IServiceCollection AddRaft3DTelemetry(this IServiceCollection services, NodeOptions node)
    {
        var options = TelemetryOptions.Read(node.Config);
        services.AddSingleton<FarmMetrics>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(Raft3DApp.Name, serviceInstanceId: node.NodeId))
            .WithMetrics(metrics => metrics
                .AddMeter(RaftMetrics.MeterName, FarmMetrics.MeterName)
                .AddMeter(FrameworkMeters)
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (options.OtlpEndpoint is { } endpoint)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(RaftTracing.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => context.Request.Path != MetricsPath)
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = endpoint;
                    o.Protocol = options.OtlpProtocol == "http" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                }));
        }
        return services;
    }

    /// <summary>Maps GET /metrics and creates the farm gauges (they exist once resolved).</summary>
    public static void MapMetrics(this WebApplication app)
    {
        app.Services.GetRequiredService<FarmMetrics>();
        app.MapPrometheusScrapingEndpoint(MetricsPath);
    }
}
