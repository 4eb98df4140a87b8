using Xunit.Abstractions;

namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>
/// The faults the simulation adds (one-way partitions, long pauses, journal failures and
/// timeouts, clock skew and per-node settings, applies ahead of the node's own write) are really
/// injected: over a few fixed seeds each one's count in the run report is above zero, and a seed
/// replays to exactly the same run. Each row names the seed that first showed its fault.
/// </summary>
public sealed class SimulationFaultTests(ITestOutputHelper output)
{
    private const int Seeds = 6;
    private const int Steps = 12_000;

    private static readonly Lazy<IReadOnlyList<(int Seed, RaftSimulation Run)>> FixedRuns = new(() =>
        Enumerable.Range(1, Seeds).Select(seed =>
        {
            var run = new RaftSimulation(new SimulationOptions(3, seed, Steps));
            run.Run();
            return (seed, run);
        }).ToList());

    private static readonly Dictionary<string, Func<RaftSimulation, int>> Counters = new()
    {
        ["one-way partitions"] = r => r.Faults.OneWayPartitions,
        ["pauses"] = r => r.Faults.Pauses,
        ["events held by a pause"] = r => r.Faults.EventsHeldByPauses,
        ["journal faults"] = r => r.Faults.DiskFaults,
        ["failed (lost) writes"] = r => r.Faults.FailedWrites,
        ["timed-out (landed) writes"] = r => r.Faults.TimedOutWrites,
        ["restarts after a journal fault"] = r => r.Faults.JournalRestarts,
        ["entries applied ahead of their own write"] = r => r.Faults.AppliedAhead,
        ["runs with skewed clocks and per-node settings"] = r => r.Clock.Skewed ? 1 : 0,
    };

    public static TheoryData<string> Faults() => new(Counters.Keys);

    [Theory]
    [MemberData(nameof(Faults))]
    public void The_simulation_injects(string fault)
    {
        var count = Counters[fault];
        var first = FixedRuns.Value.FirstOrDefault(r => count(r.Run) > 0);
        foreach (var (seed, run) in FixedRuns.Value) output.WriteLine($"seed {seed}: {fault} {count(run)}");
        Assert.True(first.Run is not null, $"no {fault} in seeds 1..{Seeds} of {Steps} steps");
        output.WriteLine($"replay: RAFT3D_SIM_SEED={first.Seed} RAFT3D_SIM_NODES=3 RAFT3D_SIM_STEPS={Steps} dotnet test tests/Raft3D.Consensus.Tests --filter FullyQualifiedName~Simulation");
    }

    [Fact]
    public void A_seed_replays_to_the_same_run()
    {
        var (seed, first) = FixedRuns.Value[0];
        var again = new RaftSimulation(new SimulationOptions(3, seed, Steps));
        again.Run();
        Assert.Equal(first.Summary, again.Summary);
    }
}
