using Akka.Configuration;
using Raft3D.PrintFarm;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using Raft3D.Server.Diagnostics;
using Raft3D.Server.Flags;
using Raft3D.Server.Hosting;
using Raft3D.Server.Logging;

namespace Raft3D.Server.Tests.Metrics;

/// <summary>The pure parts of telemetry: settings, the farm's totals, and reading metric names out of PromQL.</summary>
public sealed class TelemetryRulesTests
{
    [Theory]
    [InlineData("text", LogFormat.Text)]
    [InlineData("json", LogFormat.Json)]
    [InlineData(" JSON ", LogFormat.Json)]
    public void Log_format_is_text_or_json(string text, LogFormat expected) => Assert.Equal(expected, LogFormats.Parse(text));

    [Theory]
    [InlineData("xml")]
    [InlineData("")]
    public void Another_log_format_is_refused_naming_the_setting(string text) =>
        Assert.Contains("raft3d.node.log-format", Assert.Throws<FlagException>(() => LogFormats.Parse(text)).Message);

    [Theory]
    [InlineData("", null, "grpc")]
    [InlineData("otlp-endpoint = \"http://127.0.0.1:4317\"", "http://127.0.0.1:4317/", "grpc")]
    [InlineData("otlp-endpoint = \"https://collector:4318\"\notlp-protocol = HTTP", "https://collector:4318/", "http")]
    public void Traces_are_off_unless_an_endpoint_is_set(string hocon, string? endpoint, string protocol)
    {
        var options = TelemetryOptions.Read(ConfigurationFactory.ParseString($"raft3d.telemetry {{\n{hocon}\n}}").WithFallback(ServerReference.Load()));
        Assert.Equal(endpoint, options.OtlpEndpoint?.ToString());
        Assert.Equal(protocol, options.OtlpProtocol);
    }

    [Theory]
    [InlineData("otlp-endpoint = \"127.0.0.1:4317\"", "otlp-endpoint")]
    [InlineData("otlp-endpoint = \"ftp://collector\"", "otlp-endpoint")]
    [InlineData("otlp-protocol = thrift", "otlp-protocol")]
    public void A_bad_telemetry_setting_is_refused_naming_it(string hocon, string setting) =>
        Assert.Contains($"raft3d.telemetry.{setting}",
            Assert.Throws<FlagException>(() => TelemetryOptions.Read(ConfigurationFactory.ParseString($"raft3d.telemetry {{\n{hocon}\n}}").WithFallback(ServerReference.Load()))).Message);

    public static TheoryData<FarmCommand[], int, int, int[], long, long> Farms() => new()
    {
        { [], 0, 0, [0, 0, 0, 0], 0, 0 },
        {
            [new CreatePrinter("p1", "Prusa", "MK4"), new CreateFilament("f1", "pla", "red", 1000, null), new CreateFilament("f2", "petg", "blue", 500, 300)],
            1, 2, [0, 0, 0, 0], 1300, 0
        },
        {
            [
                new CreatePrinter("p1", "Prusa", "MK4"), new CreateFilament("f1", "pla", "red", 1000, null),
                new CreatePrintJob("j1", "p1", "f1", "a.gcode", 100, null), new CreatePrintJob("j2", "p1", "f1", "b.gcode", 200, null),
                new CreatePrintJob("j3", "p1", "f1", "c.gcode", 50, null), new CreatePrintJob("j4", "p1", "f1", "d.gcode", 10, null),
                new ChangeJobStatus("j2", "running"), new ChangeJobStatus("j3", "running"), new ChangeJobStatus("j3", "done"), new ChangeJobStatus("j4", "canceled"),
            ],
            // Done j3 used its 50 g; queued j1 and running j2 hold 300 g of what remains.
            1, 1, [1, 1, 1, 1], 950, 300
        },
    };

    [Theory]
    [MemberData(nameof(Farms))]
    public void Farm_totals_count_objects_jobs_by_status_and_grams(FarmCommand[] commands, int printers, int filaments, int[] jobs, long remaining, long reserved)
    {
        var farm = new PrintFarmState();
        foreach (var command in commands) farm.Apply(command);

        var totals = FarmTotals.Of(farm.View);

        Assert.Equal((printers, filaments, remaining, reserved), (totals.Printers, totals.Filaments, totals.RemainingGrams, totals.ReservedGrams));
        Assert.Equal(jobs, new[] { totals.Jobs[JobStatus.Queued], totals.Jobs[JobStatus.Running], totals.Jobs[JobStatus.Done], totals.Jobs[JobStatus.Canceled] });
    }

    [Theory]
    [InlineData("raft3d_commit_index", "raft3d_commit_index")]
    [InlineData("rate(raft3d_proposals_committed_total[1m])", "raft3d_proposals_committed_total")]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(raft3d_journal_write_duration_seconds_bucket[1m])))", "raft3d_journal_write_duration_seconds")]
    [InlineData("rate(raft3d_snapshot_size_bytes_sum[5m]) / rate(raft3d_snapshot_size_bytes_count[5m])", "raft3d_snapshot_size_bytes,raft3d_snapshot_size_bytes")]
    [InlineData("max by (status) (raft3d_farm_jobs{status=\"queued\"})", "raft3d_farm_jobs")]
    [InlineData("dotnet_process_cpu_count", "dotnet_process_cpu_count")]
    public void A_query_names_the_metric_families_it_reads(string query, string expected)
    {
        var declared = new HashSet<string> { "raft3d_journal_write_duration_seconds", "raft3d_snapshot_size_bytes", "dotnet_process_cpu_count" };
        Assert.Equal(expected.Split(','), GrafanaDashboard.Families(query, declared));
    }
}
