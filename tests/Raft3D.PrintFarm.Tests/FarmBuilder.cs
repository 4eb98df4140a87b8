using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Results;

namespace Raft3D.PrintFarm.Tests;

/// <summary>A farm with a printer p1 and a 1000 g PLA filament f1, and shorthand for commands.</summary>
internal static class FarmBuilder
{
    public static PrintFarmState WithPrinterAndFilament(int filamentGrams = 1000)
    {
        var farm = new PrintFarmState();
        Assert.IsType<FarmResult.Created>(farm.Apply(new CreatePrinter("p1", "Prusa", "MK4")));
        Assert.IsType<FarmResult.Created>(farm.Apply(new CreateFilament("f1", "pla", "red", filamentGrams, null)));
        return farm;
    }

    public static CreatePrintJob Job(string id, int grams, string? status = null) => new(id, "p1", "f1", "benchy.gcode", grams, status);
}
