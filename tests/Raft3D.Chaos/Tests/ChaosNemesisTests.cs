using Raft3D.Chaos.Cluster;
using Raft3D.Chaos.Nemesis;
using Xunit.Abstractions;

namespace Raft3D.Chaos.Tests;

/// <summary>
/// The disk and membership nemeses in the default suite: one short run of a 3-node cluster with
/// mutual TLS between nodes, HTTPS and API keys, in which a node's journal stalls or its disk
/// fills and a node is removed and brought back, under clients that resend keyed writes to other
/// nodes. Every check must pass, and the report must show both faults were really injected.
/// </summary>
public sealed class ChaosNemesisTests(ITestOutputHelper output)
{
    public const int Seed = 20261206;

    [Fact]
    public async Task Disk_and_membership_faults_on_a_secure_cluster_pass_every_check()
    {
        output.WriteLine($"chaos seed {Seed}");
        var options = new ChaosOptions
        {
            Seed = Seed,
            SeedGiven = true,
            // Long enough for both kinds: each is injected once first, a stall holds 11-16 s.
            Time = TimeSpan.FromSeconds(30),
            Nodes = 3,
            Clients = 4,
            Nemesis = [FaultKind.Disk, FaultKind.Membership],
            Tls = true,
            ApiKeys = true,
            OutputRoot = Path.Combine(Path.GetTempPath(), "raft3d-chaos-failures"),
        };
        ChaosReport report;
        try
        {
            report = await new ChaosRunner(options, line => output.WriteLine(line)).RunAsync(Seed, CancellationToken.None);
        }
        finally
        {
            Cleanup.RunAll();
        }
        output.WriteLine(report.Summary());
        Assert.True(report.Passed, $"chaos seed {Seed} failed:{Environment.NewLine}{report.Summary()}");
        Assert.Contains(report.Faults, f => f.Kind == FaultKind.Disk);
        Assert.Contains(report.Faults, f => f.Kind == FaultKind.Membership);
    }
}
