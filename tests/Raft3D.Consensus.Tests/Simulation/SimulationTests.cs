using System.Diagnostics;
using Xunit.Abstractions;

namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>
/// Randomised runs of whole clusters under crashes, partitions, loss, duplication and
/// reordering, checking Raft's safety properties (paper Figure 3) after every step, ReadIndex
/// linearizability (thesis §6.4), and liveness once the faults stop. Hosts compact their logs
/// (§7) and save snapshots as RaftActor does, so lagging servers get chunked InstallSnapshots;
/// in most runs servers are also added and removed (the leader included), removed servers
/// rejoin with wiped stores, and some runs use autopilot (thesis §4). Membership adds checks:
/// one configuration change at a time, every leader elected by a majority of the voters of its
/// configuration, and no vote from a server outside its configuration.
///
/// By default: seeds 1..40 for 3 and for 5 nodes. Environment variables change that:
/// <list type="bullet">
/// <item>RAFT3D_SIM_SEED=17 replays one seed (both sizes, or RAFT3D_SIM_NODES=5 for one);</item>
/// <item>RAFT3D_SIM_RUNS=2000 runs that many seeds from RAFT3D_SIM_FIRST_SEED (default 1);</item>
/// <item>RAFT3D_SIM_STEPS=20000 sets the steps of the faulty phase of each run;</item>
/// <item>RAFT3D_SIM_TRACE=100000 keeps that many events for the failure report (default 400).</item>
/// </list>
/// A long run by command:
/// <c>RAFT3D_SIM_RUNS=2000 RAFT3D_SIM_STEPS=10000 dotnet test tests/Raft3D.Consensus.Tests --filter FullyQualifiedName~Simulation</c>
/// </summary>
public sealed class SimulationTests(ITestOutputHelper output)
{
    private const int DefaultRuns = 40;
    private const int DefaultSteps = 25_000;

    public static TheoryData<int, int> Runs()
    {
        var data = new TheoryData<int, int>();
        var sizes = Environment.GetEnvironmentVariable("RAFT3D_SIM_NODES") is { Length: > 0 } n ? [int.Parse(n)] : new[] { 3, 5 };
        IEnumerable<int> seeds;
        if (Environment.GetEnvironmentVariable("RAFT3D_SIM_SEED") is { Length: > 0 } seed)
        {
            seeds = [int.Parse(seed)];
        }
        else
        {
            var first = Environment.GetEnvironmentVariable("RAFT3D_SIM_FIRST_SEED") is { Length: > 0 } f ? int.Parse(f) : 1;
            var runs = Environment.GetEnvironmentVariable("RAFT3D_SIM_RUNS") is { Length: > 0 } r ? int.Parse(r) : DefaultRuns;
            seeds = Enumerable.Range(first, runs);
        }
        foreach (var size in sizes)
        foreach (var s in seeds)
            data.Add(size, s);
        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Cluster_stays_safe_under_faults_and_recovers_when_they_stop(int nodes, int seed)
    {
        var steps = Environment.GetEnvironmentVariable("RAFT3D_SIM_STEPS") is { Length: > 0 } s ? int.Parse(s) : DefaultSteps;
        var simulation = new RaftSimulation(new SimulationOptions(nodes, seed, steps));
        output.WriteLine($"seed {seed}, {nodes} nodes, {steps} faulty steps: {simulation.Profile}");
        var clock = Stopwatch.StartNew();
        try
        {
            simulation.Run();
        }
        catch (Exception e) when (e is InvariantViolation or InvalidOperationException or ArgumentOutOfRangeException)
        {
            Assert.Fail(
                $"seed {seed}, {nodes} nodes: {e.Message}{Environment.NewLine}" +
                $"replay: RAFT3D_SIM_SEED={seed} RAFT3D_SIM_NODES={nodes} RAFT3D_SIM_STEPS={steps} dotnet test tests/Raft3D.Consensus.Tests --filter FullyQualifiedName~Simulation{Environment.NewLine}" +
                $"profile: {simulation.Profile}{Environment.NewLine}nodes:{Environment.NewLine}{simulation.State}{Environment.NewLine}last events:{Environment.NewLine}{simulation.Trace}{Environment.NewLine}{e.StackTrace}");
        }
        output.WriteLine($"seed {seed}: {simulation.Summary} in {clock.ElapsedMilliseconds} ms");
    }
}
