using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm.Encoding;

/// <summary>The binary form of the farm's objects, shared by snapshots and results.</summary>
internal static class FarmBinary
{
    public static void Write(BinaryWriter w, Printer p)
    {
        w.Write(p.Id); w.Write(p.Company); w.Write(p.Model);
    }

    public static Printer ReadPrinter(BinaryReader r) => new(r.ReadString(), r.ReadString(), r.ReadString());

    /// <summary>Reserved weight is not written: it follows from the jobs.</summary>
    public static void Write(BinaryWriter w, Filament f)
    {
        w.Write(f.Id); w.Write((byte)f.Type); w.Write(f.Color);
        w.Write7BitEncodedInt(f.TotalWeightInGrams); w.Write7BitEncodedInt(f.RemainingWeightInGrams);
    }

    public static Filament ReadFilament(BinaryReader r, int reserved = 0) =>
        new(r.ReadString(), Checked<FilamentType>(r.ReadByte()), r.ReadString(), r.Read7BitEncodedInt(), r.Read7BitEncodedInt(), reserved);

    public static void Write(BinaryWriter w, PrintJob j)
    {
        w.Write(j.Id); w.Write(j.PrinterId); w.Write(j.FilamentId); w.Write(j.Filepath);
        w.Write7BitEncodedInt(j.PrintWeightInGrams); w.Write((byte)j.Status);
    }

    public static PrintJob ReadJob(BinaryReader r) =>
        new(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.Read7BitEncodedInt(), Checked<JobStatus>(r.ReadByte()));

    public static void WriteOptional(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null) w.Write(value);
    }

    public static string? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static T Checked<T>(byte value) where T : struct, Enum
    {
        var result = (T)Enum.ToObject(typeof(T), value);
        return Enum.IsDefined(result) ? result : throw new InvalidDataException($"{value} is not a {typeof(T).Name}");
    }

    /// <summary>Runs a decoder, turning truncated or malformed input into one clear exception.</summary>
    public static T Decode<T>(ReadOnlySpan<byte> bytes, string what, Func<BinaryReader, T> read)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes.ToArray(), writable: false));
        try
        {
            var result = read(reader);
            if (reader.BaseStream.Position != reader.BaseStream.Length)
                throw new InvalidDataException($"{reader.BaseStream.Length - reader.BaseStream.Position} unexpected bytes after the {what}");
            return result;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"the {what} is corrupt: {e.Message}", e);
        }
    }

    public static byte[] Encode(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) write(writer);
        return stream.ToArray();
    }
}
