using CsCheck;
using Raft3D.PrintFarm.Commands;

namespace Raft3D.PrintFarm.Tests;

/// <summary>CsCheck generators of commands.</summary>
internal static class FarmGens
{
    private static readonly Gen<string> AnyText = Gen.String[0, 40];
    private static readonly Gen<int> AnyInt = Gen.Int;
    private static readonly Gen<long> AnyLong = Gen.Long;

    /// <summary>Any command at all, valid or not, as a codec must carry it.</summary>
    public static readonly Gen<FarmCommand> AnyCommand = Gen.OneOf(
        Gen.Select(AnyText, AnyText, AnyText, (id, company, model) => (FarmCommand)new CreatePrinter(id, company, model)),
        Gen.Select(AnyText, AnyText, AnyText, AnyInt, AnyInt.Nullable(),
            (id, type, color, total, remaining) => (FarmCommand)new CreateFilament(id, type, color, total, remaining)),
        Gen.Select(AnyText, AnyText, AnyText, AnyText, AnyInt, AnyText.Null(),
            (id, printer, filament, path, grams, status) => (FarmCommand)new CreatePrintJob(id, printer, filament, path, grams, status)),
        Gen.Select(AnyText, AnyText, AnyLong.Nullable(), (id, status, version) => (FarmCommand)new ChangeJobStatus(id, status, version)),
        Gen.Select(AnyText, AnyText.Null(), AnyText.Null(), AnyLong.Nullable(),
            (id, company, model, version) => (FarmCommand)new UpdatePrinter(id, company, model, version)),
        Gen.Select(AnyText, AnyText.Null(), AnyInt.Nullable(), AnyLong.Nullable(),
            (id, color, remaining, version) => (FarmCommand)new UpdateFilament(id, color, remaining, version)),
        Gen.Select(AnyText, AnyLong.Nullable(), (id, version) => (FarmCommand)new DeletePrinter(id, version)),
        Gen.Select(AnyText, AnyLong.Nullable(), (id, version) => (FarmCommand)new DeleteFilament(id, version)));

    private static readonly Gen<string> PrinterOrFilamentId = Gen.Int[0, 5].Select(i => $"x{i}");
    private static readonly Gen<string> JobId = Gen.Int[0, 30].Select(i => $"j{i}");

    /// <summary>Mostly none; else a recent log index, so that If-Match both holds and fails.</summary>
    private static readonly Gen<long?> ExpectedVersion = Gen.Frequency(
        (6, Gen.Const((long?)null)),
        (1, Gen.Long[0, 40].Select(v => (long?)v)));

    /// <summary>
    /// Commands over a small id space, weighted so that taken ids, missing printers and
    /// filaments, over-reservation, illegal transitions and bad fields all happen often.
    /// </summary>
    public static readonly Gen<FarmCommand> FarmCommand = Gen.Frequency(
        (1, Gen.Select(PrinterOrFilamentId, Gen.OneOfConst("Prusa", "Bambu", ""),
            (id, company) => (FarmCommand)new CreatePrinter(id, company, "MK4"))),
        (2, Gen.Select(PrinterOrFilamentId, Gen.OneOfConst("PLA", "petg", "Abs", "tpu", "wood"), Gen.Int[-10, 1000], Gen.Int[-1, 1000].Select(r => r < 0 ? (int?)null : r),
            (id, type, total, remaining) => (FarmCommand)new CreateFilament(id, type, "red", total, remaining))),
        (6, Gen.Select(JobId, PrinterOrFilamentId, PrinterOrFilamentId, Gen.Int[-5, 400], Gen.OneOfConst<string?>(null, null, null, null, "queued", "running"),
            (id, printer, filament, grams, status) => (FarmCommand)new CreatePrintJob(id, printer, filament, "a.gcode", grams, status))),
        (8, Gen.Select(JobId, Gen.OneOfConst("running", "done", "canceled", "cancelled", "queued", "RUNNING", "bogus"), ExpectedVersion,
            (id, status, version) => (FarmCommand)new ChangeJobStatus(id, status, version))),
        (1, Gen.Select(PrinterOrFilamentId, Gen.OneOfConst<string?>(null, "Bambu", " "), Gen.OneOfConst<string?>(null, "X1"), ExpectedVersion,
            (id, company, model, version) => (FarmCommand)new UpdatePrinter(id, company, model, version))),
        (2, Gen.Select(PrinterOrFilamentId, Gen.OneOfConst<string?>(null, "blue"), Gen.Int[-10, 1000].Select(r => r < 0 ? (int?)null : r), ExpectedVersion,
            (id, color, remaining, version) => (FarmCommand)new UpdateFilament(id, color, remaining, version))),
        (1, Gen.Select(PrinterOrFilamentId, ExpectedVersion, (id, version) => (FarmCommand)new DeletePrinter(id, version))),
        (1, Gen.Select(PrinterOrFilamentId, ExpectedVersion, (id, version) => (FarmCommand)new DeleteFilament(id, version))));
}
