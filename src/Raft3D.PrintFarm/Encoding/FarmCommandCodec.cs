using Raft3D.PrintFarm.Commands;

namespace Raft3D.PrintFarm.Encoding;

/// <summary>Commands as they travel in the Raft log: a tag byte (type and format version) and the fields.</summary>
public static class FarmCommandCodec
{
    private const byte CreatePrinterV1 = 1, CreateFilamentV1 = 2, CreatePrintJobV1 = 3, ChangeJobStatusV1 = 4;

    public static byte[] Encode(FarmCommand command) => FarmBinary.Encode(w =>
    {
        switch (command)
        {
            case CreatePrinter c:
                w.Write(CreatePrinterV1); w.Write(c.Id); w.Write(c.Company); w.Write(c.Model);
                break;
            case CreateFilament c:
                w.Write(CreateFilamentV1); w.Write(c.Id); w.Write(c.Type); w.Write(c.Color); w.Write(c.TotalWeightInGrams);
                w.Write(c.RemainingWeightInGrams.HasValue);
                if (c.RemainingWeightInGrams is { } remaining) w.Write(remaining);
                break;
            case CreatePrintJob c:
                w.Write(CreatePrintJobV1); w.Write(c.Id); w.Write(c.PrinterId); w.Write(c.FilamentId); w.Write(c.Filepath);
                w.Write(c.PrintWeightInGrams); FarmBinary.WriteOptional(w, c.Status);
                break;
            case ChangeJobStatus c:
                w.Write(ChangeJobStatusV1); w.Write(c.JobId); w.Write(c.Status);
                break;
            default:
                throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command));
        }
    });

    public static FarmCommand Decode(ReadOnlySpan<byte> bytes) => FarmBinary.Decode<FarmCommand>(bytes, "print farm command", r =>
    {
        var tag = r.ReadByte();
        return tag switch
        {
            CreatePrinterV1 => new CreatePrinter(r.ReadString(), r.ReadString(), r.ReadString()),
            CreateFilamentV1 => new CreateFilament(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt32(), r.ReadBoolean() ? r.ReadInt32() : null),
            CreatePrintJobV1 => new CreatePrintJob(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt32(), FarmBinary.ReadOptional(r)),
            ChangeJobStatusV1 => new ChangeJobStatus(r.ReadString(), r.ReadString()),
            _ => throw new InvalidDataException($"unknown print farm command tag {tag}"),
        };
    });
}
