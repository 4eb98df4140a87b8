using Raft3D.Bench.Http;

namespace Raft3D.Bench.Tests.Http;

public sealed class PrometheusTextTests
{
    private const string Metric = "dotnet_gc_heap_total_allocated_bytes_total";

    [Theory]
    [InlineData("dotnet_gc_heap_total_allocated_bytes_total 1234\n", 1234.0)]
    [InlineData("# TYPE dotnet_gc_heap_total_allocated_bytes_total counter\ndotnet_gc_heap_total_allocated_bytes_total{otel_scope_name=\"System.Runtime\"} 5e3 1700000000000\n", 5000.0)]
    [InlineData("dotnet_gc_heap_total_allocated_bytes_total{a=\"x\"} 10\ndotnet_gc_heap_total_allocated_bytes_total{a=\"y\"} 32\n", 42.0)]
    [InlineData("dotnet_gc_heap_total_allocated_bytes_total_extra 7\ndotnet_gc_heap_total_allocated_bytes_total 3\n", 3.0)]
    [InlineData("# HELP dotnet_gc_heap_total_allocated_bytes_total 99\nother_metric 5\n", null)]
    [InlineData("", null)]
    public void Sums_the_samples_of_exactly_the_named_metric(string exposition, double? expected) =>
        Assert.Equal(expected, PrometheusText.Sum(exposition, Metric));
}
