using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm.Encoding;

/// <summary>
/// The farm snapshot format. Magic "R3DF", a version byte, then printers, filaments and jobs,
/// each a varint count followed by the objects in creation order. Version 2 (written) refers
/// to a job's printer and filament by their varint position in those lists; version 1 (still
/// read) spelled the ids out. Reserved weights are not written: they follow from the jobs.
/// Nothing depends on hashing or time, so equal farms give equal bytes.
/// </summary>
internal static class FarmSnapshotCodec
{
    private static ReadOnlySpan<byte> Magic => "R3DF"u8;
    private const byte Version1 = 1, Version2 = 2;
    private const byte CurrentVersion = Version2;

    public static byte[] Write(
        IReadOnlyList<Printer> printers, IReadOnlyList<Filament> filaments, IReadOnlyList<PrintJob> jobs,
        IReadOnlyDictionary<string, int> printerPosition, IReadOnlyDictionary<string, int> filamentPosition) =>
        FarmBinary.Encode(w =>
        {
            w.Write(Magic);
            w.Write(CurrentVersion);
            w.Write7BitEncodedInt(printers.Count);
            foreach (var p in printers) FarmBinary.Write(w, p);
            w.Write7BitEncodedInt(filaments.Count);
            foreach (var f in filaments) FarmBinary.Write(w, f);
            w.Write7BitEncodedInt(jobs.Count);
            foreach (var j in jobs)
            {
                w.Write(j.Id);
                w.Write7BitEncodedInt(printerPosition[j.PrinterId]);
                w.Write7BitEncodedInt(filamentPosition[j.FilamentId]);
                w.Write(j.Filepath);
                w.Write7BitEncodedInt(j.PrintWeightInGrams);
                w.Write((byte)j.Status);
            }
        }, expectedLength: 16 + 24 * (printers.Count + filaments.Count) + 40 * jobs.Count);

    /// <summary>The objects as written; the caller checks that they make a consistent farm.</summary>
    public static (List<Printer> Printers, List<Filament> Filaments, List<PrintJob> Jobs) Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Magic.Length + 1 || !bytes[..Magic.Length].SequenceEqual(Magic))
            throw new InvalidDataException("not a print farm snapshot (it does not start with the magic \"R3DF\")");
        var version = bytes[Magic.Length];
        if (version is not (Version1 or Version2))
            throw new InvalidDataException($"print farm snapshot version {version} is not supported (this build reads versions {Version1} and {Version2}); was it written by a newer Raft3D?");

        return FarmBinary.Decode(bytes[(Magic.Length + 1)..], $"print farm snapshot (version {version})", r =>
        {
            var p = FarmBinary.ReadCount(r, minBytesEach: 3, "printers");
            var printers = new List<Printer>(p);
            for (var i = 0; i < p; i++) printers.Add(FarmBinary.ReadPrinter(r));
            var f = FarmBinary.ReadCount(r, minBytesEach: 6, "filaments");
            var filaments = new List<Filament>(f);
            for (var i = 0; i < f; i++) filaments.Add(FarmBinary.ReadFilament(r));
            var j = FarmBinary.ReadCount(r, minBytesEach: 6, "print jobs");
            var jobs = new List<PrintJob>(j);
            for (var i = 0; i < j; i++)
            {
                jobs.Add(version == Version1
                    ? FarmBinary.ReadJob(r)
                    : new PrintJob(r.ReadString(), At(printers, r).Id, At(filaments, r).Id, r.ReadString(), r.Read7BitEncodedInt(), FarmBinary.ReadEnum<JobStatus>(r)));
            }
            return (printers, filaments, jobs);
        });
    }

    private static T At<T>(List<T> list, BinaryReader r)
    {
        var position = r.Read7BitEncodedInt();
        return position >= 0 && position < list.Count
            ? list[position]
            : throw FarmBinary.Corrupt($"a print job refers to {typeof(T).Name.ToLowerInvariant()} number {position} of {list.Count}");
    }
}
