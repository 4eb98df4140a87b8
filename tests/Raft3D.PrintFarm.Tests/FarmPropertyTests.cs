using CsCheck;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm.Tests;

/// <summary>
/// Long random command sequences over a small id space, so that taken ids, missing
/// references, over-reservation and illegal transitions all happen. On failure CsCheck
/// prints the seed; replay with CsCheck_Seed=&lt;seed&gt; dotnet test --filter FarmPropertyTests.
/// </summary>
public sealed class FarmPropertyTests
{
    private static readonly Gen<string> Id = Gen.Int[0, 5].Select(i => $"x{i}");

    private static readonly Gen<FarmCommand> Command = Gen.Frequency(
        (1, Id.Select(id => (FarmCommand)new CreatePrinter(id, "Prusa", "MK4"))),
        (2, Gen.Select(Id, Gen.OneOfConst("PLA", "petg", "Abs", "tpu"), Gen.Int[-10, 1000], Gen.Int[-1, 1000].Select(r => r < 0 ? (int?)null : r),
            (id, type, total, remaining) => (FarmCommand)new CreateFilament(id, type, "red", total, remaining))),
        (6, Gen.Select(Gen.Int[0, 30].Select(i => $"j{i}"), Id, Id, Gen.Int[-5, 400],
            (id, printer, filament, grams) => (FarmCommand)new CreatePrintJob(id, printer, filament, "a.gcode", grams, null))),
        (8, Gen.Select(Gen.Int[0, 30].Select(i => $"j{i}"), Gen.OneOfConst("running", "done", "canceled", "cancelled", "queued", "bogus"),
            (id, status) => (FarmCommand)new ChangeJobStatus(id, status))));

    [Fact]
    public void Invariants_hold_after_every_command_and_snapshots_are_faithful()
    {
        Command.Array[50, 400].Sample(commands =>
        {
            var farm = new PrintFarmState();
            var initial = new Dictionary<string, int>();
            foreach (var command in commands)
            {
                if (farm.Apply(command) is Results.FarmResult.Created { Value: Filament created }) initial[created.Id] = created.RemainingWeightInGrams;
                foreach (var filament in farm.ListFilaments())
                {
                    Assert.True(filament.RemainingWeightInGrams >= 0, $"{filament.Id} remaining {filament.RemainingWeightInGrams}");
                    Assert.True(filament.ReservedWeightInGrams <= filament.RemainingWeightInGrams, $"{filament.Id} reserves {filament.ReservedWeightInGrams} of {filament.RemainingWeightInGrams}");
                    var jobs = farm.ListJobs(filamentId: filament.Id);
                    Assert.Equal(initial[filament.Id], filament.RemainingWeightInGrams + jobs.Where(j => j.Status == JobStatus.Done).Sum(j => j.PrintWeightInGrams));
                    Assert.Equal(jobs.Where(j => JobStatuses.Reserves(j.Status)).Sum(j => j.PrintWeightInGrams), filament.ReservedWeightInGrams);
                }
            }

            var bytes = farm.ToSnapshot();
            var restored = PrintFarmState.FromSnapshot(bytes);
            Assert.Equal(bytes, restored.ToSnapshot());
            Assert.Equal(farm.ListFilaments(), restored.ListFilaments());
            Assert.Equal(farm.ListJobs(), restored.ListJobs());
            Assert.Equal(farm.ListPrinters(), restored.ListPrinters());

            var replay = new PrintFarmState();
            foreach (var command in commands) replay.Apply(command);
            Assert.Equal(bytes, replay.ToSnapshot());
        }, iter: 300);
    }
}
