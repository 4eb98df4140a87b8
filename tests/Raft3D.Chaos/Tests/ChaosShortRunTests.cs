using Raft3D.Chaos.Cluster;
using Xunit.Abstractions;

namespace Raft3D.Chaos.Tests;

/// <summary>
/// The short chaos scenario `dotnet test` runs: a 3-node cluster of real server processes,
/// four clients and every fault (partitions when network namespaces can be made) for about
/// 35 s, once with a fixed seed and once with a random one; every check must pass.
/// </summary>
public sealed class ChaosShortRunTests(ITestOutputHelper output)
{
    public const int FixedSeed = 20251125;

    private static ChaosOptions Short(int seed) => new()
    {
        Seed = seed,
        SeedGiven = true,
        Time = TimeSpan.FromSeconds(35),
        Nodes = 3,
        Clients = 4,
        OutputRoot = Path.Combine(Path.GetTempPath(), "raft3d-chaos-failures"),
    };

    [Fact]
    public Task Fixed_seed_passes_every_check() => RunAsync(FixedSeed);

    [Fact]
    public Task Random_seed_passes_every_check() => RunAsync(Random.Shared.Next(1, int.MaxValue));

    private async Task RunAsync(int seed)
    {
        output.WriteLine($"chaos seed {seed}");
        var options = Short(seed);
        ChaosReport report;
        try
        {
            report = await new ChaosRunner(options, line => output.WriteLine(line)).RunAsync(seed, CancellationToken.None);
        }
        finally
        {
            Cleanup.RunAll();
        }
        output.WriteLine(report.Summary());
        Assert.True(report.Passed, $"chaos seed {seed} failed:{Environment.NewLine}{report.Summary()}");
    }
}
