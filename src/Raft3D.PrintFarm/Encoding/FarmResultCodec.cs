using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;

namespace Raft3D.PrintFarm.Encoding;

/// <summary>Results as they travel back from the leader: a tag byte (kind and format version) and the fields.</summary>
public static class FarmResultCodec
{
    private const byte CreatedV1 = 1, UpdatedV1 = 2, ConflictV1 = 3, NotFoundV1 = 4, UnprocessableV1 = 5, InvalidV1 = 6;
    private const byte PrinterValue = 1, FilamentValue = 2, JobValue = 3;

    public static byte[] Encode(FarmResult result) => FarmBinary.Encode(w =>
    {
        switch (result)
        {
            case FarmResult.Created c:
                w.Write(CreatedV1); WriteValue(w, c.Value);
                break;
            case FarmResult.Updated u:
                w.Write(UpdatedV1); WriteValue(w, u.Value);
                break;
            case FarmResult.Conflict c:
                w.Write(ConflictV1); w.Write(c.Detail);
                break;
            case FarmResult.NotFound n:
                w.Write(NotFoundV1); w.Write(n.Detail);
                break;
            case FarmResult.Unprocessable u:
                w.Write(UnprocessableV1); w.Write(u.Detail); FarmBinary.WriteOptional(w, u.Field);
                break;
            case FarmResult.Invalid i:
                w.Write(InvalidV1); w.Write7BitEncodedInt(i.Errors.Count);
                foreach (var e in i.Errors)
                {
                    w.Write(e.Field); w.Write(e.Message);
                }
                break;
        }
    });

    public static FarmResult Decode(ReadOnlySpan<byte> bytes) => FarmBinary.Decode<FarmResult>(bytes, "print farm result", r =>
    {
        var tag = r.ReadByte();
        return tag switch
        {
            CreatedV1 => new FarmResult.Created(ReadValue(r)),
            UpdatedV1 => new FarmResult.Updated(ReadValue(r)),
            ConflictV1 => new FarmResult.Conflict(r.ReadString()),
            NotFoundV1 => new FarmResult.NotFound(r.ReadString()),
            UnprocessableV1 => new FarmResult.Unprocessable(r.ReadString(), FarmBinary.ReadOptional(r)),
            InvalidV1 => new FarmResult.Invalid(Enumerable.Range(0, r.Read7BitEncodedInt()).Select(_ => new FieldError(r.ReadString(), r.ReadString())).ToList()),
            _ => throw new InvalidDataException($"unknown print farm result tag {tag}"),
        };
    });

    private static void WriteValue(BinaryWriter w, object value)
    {
        switch (value)
        {
            case Printer p:
                w.Write(PrinterValue); FarmBinary.Write(w, p);
                break;
            case Filament f:
                w.Write(FilamentValue); FarmBinary.Write(w, f); w.Write7BitEncodedInt(f.ReservedWeightInGrams);
                break;
            case PrintJob j:
                w.Write(JobValue); FarmBinary.Write(w, j);
                break;
            default:
                throw new ArgumentException($"unknown result value {value.GetType().Name}");
        }
    }

    private static object ReadValue(BinaryReader r)
    {
        var kind = r.ReadByte();
        switch (kind)
        {
            case PrinterValue:
                return FarmBinary.ReadPrinter(r);
            case FilamentValue:
                var filament = FarmBinary.ReadFilament(r);
                return filament with { ReservedWeightInGrams = r.Read7BitEncodedInt() };
            case JobValue:
                return FarmBinary.ReadJob(r);
            default:
                throw new InvalidDataException($"unknown result value kind {kind}");
        }
    }
}
