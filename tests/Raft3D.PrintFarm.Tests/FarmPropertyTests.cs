using CsCheck;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.PrintFarm.Lists;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;

namespace Raft3D.PrintFarm.Tests;

/// <summary>
/// Long random command sequences over a small id space (<see cref="FarmGens.FarmCommand"/>),
/// so that taken ids, missing references, over-reservation and illegal transitions all happen.
/// <para>
/// On failure CsCheck shrinks the sequence and prints it with its seed, e.g.
/// <c>Set seed: "0N0XIzNsQ0O2" or -e CsCheck_Seed=0N0XIzNsQ0O2 to reproduce</c>. Replay exactly
/// that case with
/// <c>CsCheck_Seed=0N0XIzNsQ0O2 dotnet test tests/Raft3D.PrintFarm.Tests --filter FullyQualifiedName~FarmPropertyTests</c>,
/// or temporarily pass <c>seed: "0N0XIzNsQ0O2"</c> to <c>Sample</c> below. More iterations:
/// <c>CsCheck_Iter=100000</c>.
/// </para>
/// </summary>
public sealed class FarmPropertyTests
{
    private static readonly int[] Seen = new int[9];

    [Fact]
    public void Invariants_hold_after_every_command_and_snapshots_and_replays_are_faithful()
    {
        FarmGens.FarmCommand.Array[50, 400].Sample(commands =>
        {
            var farm = new PrintFarmState();
            var twin = new PrintFarmState();
            var initial = new Dictionary<string, int>(StringComparer.Ordinal);
            var cut = commands.Length / 2;
            PrintFarmState? restored = null;
            for (var step = 0; step < commands.Length; step++)
            {
                if (step == cut) restored = PrintFarmState.FromSnapshot(farm.ToSnapshot());

                // The command as it comes out of the log, and the result as it goes back.
                var command = FarmCommandCodec.Decode(FarmCommandCodec.Encode(commands[step]));
                // Log indexes skip, as entries that are not farm commands take some.
                var index = 3L * step + 1;
                var result = farm.Apply(command, index);
                Assert.Equal(result, FarmResultCodec.Decode(FarmResultCodec.Encode(result)));
                Assert.Equal(result, twin.Apply(commands[step], index));
                if (restored is not null) Assert.Equal(result, restored.Apply(command, index));
                Interlocked.Increment(ref Seen[Kind(result)]);
                CheckVersion(result, index);

                // Remaining plus what Done jobs used is constant from a filament's creation or PATCH on.
                if (result is FarmResult.Created { Value: Filament } or FarmResult.Updated { Value: Filament })
                {
                    var filament = (Filament)(result is FarmResult.Created c ? c.Value : ((FarmResult.Updated)result).Value);
                    initial[filament.Id] = filament.RemainingWeightInGrams + DoneWeight(farm, filament.Id);
                }
                CheckInvariants(farm, initial);
            }

            var bytes = farm.ToSnapshot();
            Assert.Equal(bytes, twin.ToSnapshot());
            Assert.Equal(bytes, restored!.ToSnapshot());
            var again = PrintFarmState.FromSnapshot(bytes);
            Assert.Equal(bytes, again.ToSnapshot());
            Assert.Equal(farm.ListPrinters(), again.ListPrinters());
            Assert.Equal(farm.ListFilaments(), again.ListFilaments());
            Assert.Equal(farm.ListJobs(), again.ListJobs());
        }, iter: 400);

        // The generator must really reach every outcome, or the invariants prove little.
        Assert.All(Seen, count => Assert.True(count > 0, $"outcomes seen (filament created, other created, updated, invalid, not found, conflict, unprocessable, deleted, precondition failed): {string.Join(", ", Seen)}"));
    }

    private static void CheckInvariants(PrintFarmState farm, Dictionary<string, int> initial)
    {
        foreach (var filament in farm.ListFilaments())
        {
            var jobs = farm.ListJobs(filamentId: filament.Id);
            Assert.True(filament.RemainingWeightInGrams >= 0, $"{filament.Id}: remaining {filament.RemainingWeightInGrams} g");
            Assert.True(filament.ReservedWeightInGrams <= filament.RemainingWeightInGrams,
                $"{filament.Id}: {filament.ReservedWeightInGrams} g reserved of {filament.RemainingWeightInGrams} g remaining");
            Assert.Equal(jobs.Where(j => JobStatuses.Reserves(j.Status)).Sum(j => j.PrintWeightInGrams), filament.ReservedWeightInGrams);
            Assert.Equal(initial[filament.Id], filament.RemainingWeightInGrams + DoneWeight(farm, filament.Id));
            Assert.Equal(filament.RemainingWeightInGrams - filament.ReservedWeightInGrams, filament.AvailableWeightInGrams);
        }
        // Past jobs may name a printer or filament deleted since; queued and running ones never do.
        foreach (var job in farm.ListJobs().Where(j => JobStatuses.Reserves(j.Status)))
        {
            Assert.NotNull(farm.GetPrinter(job.PrinterId));
            Assert.NotNull(farm.GetFilament(job.FilamentId));
        }
        // Every index and page agrees with a plain filter over all jobs.
        var all = farm.ListJobs();
        foreach (var status in Enum.GetValues<JobStatus>())
        {
            Assert.Equal(all.Where(j => j.Status == status), farm.ListJobs(status));
            Assert.Equal(all.Count(j => j.Status == status && j.FilamentId == "x1"), farm.ListJobs(new PageRequest(1), status, filamentId: "x1")!.Total);
        }
        Assert.Equal(all.Where(j => j.PrinterId == "x2"), farm.ListJobs(printerId: "x2"));
    }

    private static int DoneWeight(PrintFarmState farm, string filamentId) =>
        farm.ListJobs(JobStatus.Done, filamentId: filamentId).Sum(j => j.PrintWeightInGrams);

    /// <summary>What a command changed carries its log index as its version.</summary>
    private static void CheckVersion(FarmResult result, long index)
    {
        switch (result)
        {
            case FarmResult.Created { Value: var value }:
                Assert.Equal(index, Version(value));
                break;
            case FarmResult.Updated { Value: var value }:
                Assert.Equal(index, Version(value));
                break;
        }
    }

    private static long Version(object value) => value switch
    {
        Printer p => p.Version,
        Filament f => f.Version,
        PrintJob j => j.Version,
        _ => throw new InvalidOperationException(value.ToString()),
    };

    private static int Kind(FarmResult result) => result switch
    {
        FarmResult.Created { Value: Filament } => 0,
        FarmResult.Created => 1,
        FarmResult.Updated => 2,
        FarmResult.Invalid => 3,
        FarmResult.NotFound => 4,
        FarmResult.Conflict => 5,
        FarmResult.Unprocessable => 6,
        FarmResult.Deleted => 7,
        FarmResult.PreconditionFailed => 8,
        _ => throw new InvalidOperationException(result.ToString()),
    };
}
