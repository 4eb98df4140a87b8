using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm.Encoding;

/// <summary>
/// The farm snapshot: magic "R3DF", a format version, then printers, filaments and jobs in
/// creation order. Nothing in it depends on hashing or time, so equal farms give equal bytes.
/// </summary>
internal static class FarmSnapshotCodec
{
    private const uint Magic = 0x46443352; // "R3DF" little-endian
    private const byte Version = 1;

    public static byte[] Write(IReadOnlyList<Printer> printers, IReadOnlyList<Filament> filaments, IReadOnlyList<PrintJob> jobs) =>
        FarmBinary.Encode(w =>
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write7BitEncodedInt(printers.Count);
            foreach (var p in printers) FarmBinary.Write(w, p);
            w.Write7BitEncodedInt(filaments.Count);
            foreach (var f in filaments) FarmBinary.Write(w, f);
            w.Write7BitEncodedInt(jobs.Count);
            foreach (var j in jobs) FarmBinary.Write(w, j);
        });

    public static (List<Printer> Printers, List<Filament> Filaments, List<PrintJob> Jobs) Read(ReadOnlySpan<byte> bytes) =>
        FarmBinary.Decode(bytes, "print farm snapshot", r =>
        {
            if (r.BaseStream.Length < 5 || r.ReadUInt32() != Magic) throw new InvalidDataException("not a print farm snapshot (bad magic)");
            var version = r.ReadByte();
            if (version != Version) throw new InvalidDataException($"print farm snapshot version {version} is not supported (expected {Version})");
            var printers = Enumerable.Range(0, r.Read7BitEncodedInt()).Select(_ => FarmBinary.ReadPrinter(r)).ToList();
            var filaments = Enumerable.Range(0, r.Read7BitEncodedInt()).Select(_ => FarmBinary.ReadFilament(r)).ToList();
            var jobs = Enumerable.Range(0, r.Read7BitEncodedInt()).Select(_ => FarmBinary.ReadJob(r)).ToList();
            return (printers, filaments, jobs);
        });
}
