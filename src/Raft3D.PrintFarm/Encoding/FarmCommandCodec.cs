using Raft3D.PrintFarm.Commands;

namespace Raft3D.PrintFarm.Encoding;

/// <summary>
/// Commands as they travel in the Raft log: one tag byte, then the fields. The tag names the
/// command and its format version (low nibble: the command, high nibble: version - 1), so a
/// log written by an older build stays readable. Strings are UTF-8 with a 7-bit length
/// prefix, numbers 7-bit varints. Stateless and thread-safe.
/// </summary>
public static class FarmCommandCodec
{
    // Version 1 wrote numbers as fixed 4-byte integers; still decoded, no longer written.
    private const byte CreatePrinterV1 = 0x01, CreateFilamentV1 = 0x02, CreatePrintJobV1 = 0x03, ChangeJobStatusV1 = 0x04;
    private const byte CreateFilamentV2 = 0x12, CreatePrintJobV2 = 0x13;
    // Version 2 of a status change carries the If-Match version; one without is still written as
    // version 1, so that a build that knows no versions keeps reading what it can apply.
    private const byte ChangeJobStatusV2 = 0x14;
    private const byte UpdatePrinterV1 = 0x05, UpdateFilamentV1 = 0x06, DeletePrinterV1 = 0x07, DeleteFilamentV1 = 0x08;

    public static byte[] Encode(FarmCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return FarmBinary.Encode(command, static (w, command) =>
        {
            switch (command)
            {
                case CreatePrinter c:
                    w.Write(CreatePrinterV1);
                    FarmBinary.WriteString(w, c.Id); FarmBinary.WriteString(w, c.Company); FarmBinary.WriteString(w, c.Model);
                    break;
                case CreateFilament c:
                    w.Write(CreateFilamentV2);
                    FarmBinary.WriteString(w, c.Id); FarmBinary.WriteString(w, c.Type); FarmBinary.WriteString(w, c.Color);
                    w.Write7BitEncodedInt(c.TotalWeightInGrams); FarmBinary.WriteOptional(w, c.RemainingWeightInGrams);
                    break;
                case CreatePrintJob c:
                    w.Write(CreatePrintJobV2);
                    FarmBinary.WriteString(w, c.Id); FarmBinary.WriteString(w, c.PrinterId); FarmBinary.WriteString(w, c.FilamentId);
                    FarmBinary.WriteString(w, c.Filepath); w.Write7BitEncodedInt(c.PrintWeightInGrams); FarmBinary.WriteOptional(w, c.Status);
                    break;
                case ChangeJobStatus { ExpectedVersion: null } c:
                    w.Write(ChangeJobStatusV1);
                    FarmBinary.WriteString(w, c.JobId); FarmBinary.WriteString(w, c.Status);
                    break;
                case ChangeJobStatus c:
                    w.Write(ChangeJobStatusV2);
                    FarmBinary.WriteString(w, c.JobId); FarmBinary.WriteString(w, c.Status); FarmBinary.WriteOptional(w, c.ExpectedVersion);
                    break;
                case UpdatePrinter c:
                    w.Write(UpdatePrinterV1);
                    FarmBinary.WriteString(w, c.Id); FarmBinary.WriteOptional(w, c.Company); FarmBinary.WriteOptional(w, c.Model);
                    FarmBinary.WriteOptional(w, c.ExpectedVersion);
                    break;
                case UpdateFilament c:
                    w.Write(UpdateFilamentV1);
                    FarmBinary.WriteString(w, c.Id); FarmBinary.WriteOptional(w, c.Color); FarmBinary.WriteOptional(w, c.RemainingWeightInGrams);
                    FarmBinary.WriteOptional(w, c.ExpectedVersion);
                    break;
                case DeletePrinter c:
                    w.Write(DeletePrinterV1);
                    FarmBinary.WriteString(w, c.Id); FarmBinary.WriteOptional(w, c.ExpectedVersion);
                    break;
                case DeleteFilament c:
                    w.Write(DeleteFilamentV1);
                    FarmBinary.WriteString(w, c.Id); FarmBinary.WriteOptional(w, c.ExpectedVersion);
                    break;
                default:
                    throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command));
            }
        });
    }

    /// <summary>Throws <see cref="InvalidDataException"/> for anything <see cref="Encode"/> did not write.</summary>
    public static FarmCommand Decode(ReadOnlySpan<byte> bytes) => FarmBinary.Decode<FarmCommand>(bytes, "print farm command", r =>
    {
        var tag = r.ReadByte();
        return tag switch
        {
            CreatePrinterV1 => new CreatePrinter(r.ReadString(), r.ReadString(), r.ReadString()),
            CreateFilamentV1 => new CreateFilament(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt32(), FarmBinary.ReadFlag(r) ? r.ReadInt32() : null),
            CreateFilamentV2 => new CreateFilament(r.ReadString(), r.ReadString(), r.ReadString(), r.Read7BitEncodedInt(), FarmBinary.ReadOptionalInt(r)),
            CreatePrintJobV1 => new CreatePrintJob(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt32(), FarmBinary.ReadOptional(r)),
            CreatePrintJobV2 => new CreatePrintJob(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.Read7BitEncodedInt(), FarmBinary.ReadOptional(r)),
            ChangeJobStatusV1 => new ChangeJobStatus(r.ReadString(), r.ReadString()),
            ChangeJobStatusV2 => new ChangeJobStatus(r.ReadString(), r.ReadString(), FarmBinary.ReadOptionalLong(r)),
            UpdatePrinterV1 => new UpdatePrinter(r.ReadString(), FarmBinary.ReadOptional(r), FarmBinary.ReadOptional(r), FarmBinary.ReadOptionalLong(r)),
            UpdateFilamentV1 => new UpdateFilament(r.ReadString(), FarmBinary.ReadOptional(r), FarmBinary.ReadOptionalInt(r), FarmBinary.ReadOptionalLong(r)),
            DeletePrinterV1 => new DeletePrinter(r.ReadString(), FarmBinary.ReadOptionalLong(r)),
            DeleteFilamentV1 => new DeleteFilament(r.ReadString(), FarmBinary.ReadOptionalLong(r)),
            _ => throw new InvalidDataException($"unknown print farm command tag 0x{tag:x2}: written by a newer Raft3D, or not a print farm command"),
        };
    });
}
