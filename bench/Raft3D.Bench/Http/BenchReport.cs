using System.Text.Json;
using System.Text.Json.Serialization;

namespace Raft3D.Bench.Http;

/// <summary>The JSON file of one bench invocation.</summary>
public sealed record BenchReport(
    DateTimeOffset Started,
    string Machine,
    string Cluster,
    string Arguments,
    IReadOnlyList<RunResult> Runs,
    FailoverSummary? Failover)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task SaveAsync(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, Options));
    }
}
