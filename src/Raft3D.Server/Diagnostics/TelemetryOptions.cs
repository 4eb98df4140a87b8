using Akka.Configuration;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Diagnostics;

/// <summary>raft3d.telemetry: where traces go (nowhere unless an OTLP endpoint is set).</summary>
public sealed record TelemetryOptions(Uri? OtlpEndpoint, string OtlpProtocol)
{
    public static TelemetryOptions Read(Config config) => Read(new SettingsReader(config));

    public static TelemetryOptions Read(SettingsReader settings)
    {
        var endpoint = settings.String("raft3d.telemetry.otlp-endpoint").Trim();
        var protocol = settings.String("raft3d.telemetry.otlp-protocol").Trim().ToLowerInvariant();
        if (protocol is not ("grpc" or "http"))
            throw new Flags.FlagException($"setting raft3d.telemetry.otlp-protocol = {protocol}: use grpc or http");
        if (endpoint.Length == 0) return new TelemetryOptions(null, protocol);
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new Flags.FlagException($"setting raft3d.telemetry.otlp-endpoint = {endpoint}: give an http:// or https:// URL, e.g. http://127.0.0.1:4317");
        return new TelemetryOptions(uri, protocol);
    }
}
