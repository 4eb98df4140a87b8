using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;

namespace Raft3D.PrintFarm.Encoding;

/// <summary>
/// Results as they travel back from the applying node: one tag byte (the kind and its format
/// version, low nibble / high nibble as for commands), then the fields. Version 2 of Created and
/// Updated adds the object's version after it; version 1 (still read: results live on in the
/// replicated idempotency table) gives objects at version 0. Stateless and thread-safe.
/// </summary>
public static class FarmResultCodec
{
    private const byte CreatedV1 = 0x01, UpdatedV1 = 0x02, ConflictV1 = 0x03, NotFoundV1 = 0x04, UnprocessableV1 = 0x05, InvalidV1 = 0x06;
    private const byte CreatedV2 = 0x11, UpdatedV2 = 0x12, DeletedV1 = 0x07, PreconditionFailedV1 = 0x08;
    private const byte PrinterValue = 1, FilamentValue = 2, JobValue = 3;

    public static byte[] Encode(FarmResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return FarmBinary.Encode(result, static (w, result) =>
        {
            switch (result)
            {
                case FarmResult.Created c:
                    w.Write(CreatedV2); WriteValue(w, c.Value); w.Write7BitEncodedInt64(VersionOf(c.Value));
                    break;
                case FarmResult.Updated u:
                    w.Write(UpdatedV2); WriteValue(w, u.Value); w.Write7BitEncodedInt64(VersionOf(u.Value));
                    break;
                case FarmResult.Deleted d:
                    w.Write(DeletedV1); WriteValue(w, d.Value); w.Write7BitEncodedInt64(VersionOf(d.Value));
                    break;
                case FarmResult.PreconditionFailed p:
                    w.Write(PreconditionFailedV1); w.Write(p.Detail);
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
                default:
                    throw new ArgumentException($"unknown result {result.GetType().Name}", nameof(result));
            }
        });
    }

    /// <summary>
    /// The result as the previous release (v0.1.0) reads it: Created and Updated in version 1,
    /// without the object's version; every other kind it knows is written alike in both.
    /// </summary>
    public static byte[] EncodeForPreviousRelease(FarmResult result) => result switch
    {
        FarmResult.Created c => FarmBinary.Encode(w => { w.Write(CreatedV1); WriteValue(w, c.Value); }),
        FarmResult.Updated u => FarmBinary.Encode(w => { w.Write(UpdatedV1); WriteValue(w, u.Value); }),
        _ => Encode(result),
    };

    /// <summary>Throws <see cref="InvalidDataException"/> for anything <see cref="Encode"/> did not write.</summary>
    public static FarmResult Decode(ReadOnlySpan<byte> bytes) => FarmBinary.Decode<FarmResult>(bytes, "print farm result", r =>
    {
        var tag = r.ReadByte();
        return tag switch
        {
            CreatedV1 => new FarmResult.Created(ReadValue(r)),
            UpdatedV1 => new FarmResult.Updated(ReadValue(r)),
            CreatedV2 => new FarmResult.Created(WithVersion(ReadValue(r), r)),
            UpdatedV2 => new FarmResult.Updated(WithVersion(ReadValue(r), r)),
            DeletedV1 => new FarmResult.Deleted(WithVersion(ReadValue(r), r)),
            PreconditionFailedV1 => new FarmResult.PreconditionFailed(r.ReadString()),
            ConflictV1 => new FarmResult.Conflict(r.ReadString()),
            NotFoundV1 => new FarmResult.NotFound(r.ReadString()),
            UnprocessableV1 => new FarmResult.Unprocessable(r.ReadString(), FarmBinary.ReadOptional(r)),
            InvalidV1 => new FarmResult.Invalid(ReadFieldErrors(r)),
            _ => throw new InvalidDataException($"unknown print farm result tag 0x{tag:x2}: written by a newer Raft3D, or not a print farm result"),
        };
    });

    private static List<FieldError> ReadFieldErrors(BinaryReader r)
    {
        var count = FarmBinary.ReadCount(r, minBytesEach: 2, "field errors");
        if (count == 0) throw FarmBinary.Corrupt("an invalid result without field errors");
        var errors = new List<FieldError>(count);
        for (var i = 0; i < count; i++) errors.Add(new FieldError(r.ReadString(), r.ReadString()));
        return errors;
    }

    private static long VersionOf(object value) => value switch
    {
        Printer p => p.Version,
        Filament f => f.Version,
        PrintJob j => j.Version,
        _ => throw new ArgumentException($"unknown result value {value.GetType().Name}", nameof(value)),
    };

    private static object WithVersion(object value, BinaryReader r)
    {
        var version = r.Read7BitEncodedInt64();
        if (version < 0) throw FarmBinary.Corrupt($"{version} is not a version (a log index)");
        return value switch
        {
            Printer p => p with { Version = version },
            Filament f => f with { Version = version },
            PrintJob j => j with { Version = version },
            _ => value,
        };
    }

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
                throw new ArgumentException($"unknown result value {value.GetType().Name}", nameof(value));
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
                throw FarmBinary.Corrupt($"{kind} is not a kind of farm object");
        }
    }
}
