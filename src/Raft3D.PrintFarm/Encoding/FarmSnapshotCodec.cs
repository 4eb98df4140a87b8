using Raft3D.PrintFarm.Lists;
using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm.Encoding;

/// <summary>
/// The farm snapshot format. Magic "R3DF", a version byte, then printers, filaments and jobs,
/// each a varint count followed by the objects in creation order. Version 3 (written) adds
/// each object's version (the log index of its last change, a varint) and lets a job refer to
/// a printer or filament that was deleted: a reference is a varint, position + 1 in those
/// lists, or 0 followed by the id spelled out. Version 2 (still read, and written for a cluster
/// that may have members of the previous release, which reads only it) referred by position
/// only, version 1 (still read) spelled every id out; objects read from them are at version 0.
/// Reserved weights are not written: they follow from the jobs. Nothing depends on hashing or
/// time, so equal farms give equal bytes.
/// </summary>
internal static class FarmSnapshotCodec
{
    private static ReadOnlySpan<byte> Magic => "R3DF"u8;
    private const byte Version1 = 1, Version2 = 2, Version3 = 3;
    private const byte CurrentVersion = Version3;

    /// <summary>
    /// The most bytes the writer hands its stream at once: a snapshot of any size is written
    /// through a buffer of this size, never built whole in memory (it may pass 2 GiB).
    /// </summary>
    public const int ChunkBytes = 64 * 1024;

    /// <summary>A count read from a stream of unknown length is trusted this far for preallocation only.</summary>
    private const int MaxPreallocated = 1 << 20;

    public static byte[] Write(IReadOnlyList<Printer> printers, IReadOnlyList<Filament> filaments, IReadOnlyList<PrintJob> jobs, bool previousRelease = false)
    {
        using var stream = new MemoryStream(16 + 28 * (printers.Count + filaments.Count) + 44 * jobs.Count);
        Write(stream, printers, filaments, jobs.Count, jobs, previousRelease);
        return stream.ToArray();
    }

    /// <summary>
    /// Writes the snapshot to destination in writes of at most <see cref="ChunkBytes"/>; the jobs
    /// are walked once, lazily (jobCount of them), so nothing the size of the farm is copied.
    /// previousRelease: version 2, which has no versions and refers by position only (a job of a
    /// deleted printer or filament is refused: the previous release never deleted one).
    /// </summary>
    public static void Write(Stream destination, IReadOnlyList<Printer> printers, IReadOnlyList<Filament> filaments, int jobCount, IEnumerable<PrintJob> jobs,
        bool previousRelease = false)
    {
        var printerPosition = Positions(printers, p => p.Id);
        var filamentPosition = Positions(filaments, f => f.Id);
        using var buffered = new BufferedStream(new UnflushedStream(destination), ChunkBytes);
        using var w = new BinaryWriter(buffered, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(previousRelease ? Version2 : CurrentVersion);
        w.Write7BitEncodedInt(printers.Count);
        foreach (var p in printers)
        {
            FarmBinary.Write(w, p);
            if (!previousRelease) w.Write7BitEncodedInt64(p.Version);
        }
        w.Write7BitEncodedInt(filaments.Count);
        foreach (var f in filaments)
        {
            FarmBinary.Write(w, f);
            if (!previousRelease) w.Write7BitEncodedInt64(f.Version);
        }
        w.Write7BitEncodedInt(jobCount);
        var written = 0;
        foreach (var j in jobs)
        {
            w.Write(j.Id);
            if (previousRelease)
            {
                w.Write7BitEncodedInt(PositionOf(printerPosition, j, j.PrinterId));
                w.Write7BitEncodedInt(PositionOf(filamentPosition, j, j.FilamentId));
            }
            else
            {
                WriteReference(w, printerPosition, j.PrinterId);
                WriteReference(w, filamentPosition, j.FilamentId);
            }
            w.Write(j.Filepath);
            w.Write7BitEncodedInt(j.PrintWeightInGrams);
            w.Write((byte)j.Status);
            if (!previousRelease) w.Write7BitEncodedInt64(j.Version);
            written++;
        }
        if (written != jobCount) throw new ArgumentException($"{jobCount} jobs announced, {written} given", nameof(jobs));
        w.Flush();
    }

    /// <summary>Passes writes through but not Flush or Dispose: the caller owns the destination.</summary>
    private sealed class UnflushedStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }

    private static Dictionary<string, int> Positions<T>(IReadOnlyList<T> items, Func<T, string> id)
    {
        var positions = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++) positions.Add(id(items[i]), i);
        return positions;
    }

    private static int PositionOf(Dictionary<string, int> positions, PrintJob job, string id) =>
        positions.TryGetValue(id, out var position)
            ? position
            : throw new InvalidOperationException($"print job '{job.Id}' refers to '{id}', which was deleted: the previous release's snapshot format cannot say so");

    private static void WriteReference(BinaryWriter w, Dictionary<string, int> positions, string id)
    {
        if (positions.TryGetValue(id, out var position))
        {
            w.Write7BitEncodedInt(position + 1);
            return;
        }
        w.Write7BitEncodedInt(0);
        w.Write(id);
    }

    /// <summary>The objects as written; the caller checks that they make a consistent farm.</summary>
    public static (List<Printer> Printers, List<Filament> Filaments, List<PrintJob> Jobs) Read(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        return Read(stream);
    }

    /// <summary>Reads a snapshot from source, through a buffer of <see cref="ChunkBytes"/>: source may hold more than 2 GiB.</summary>
    public static (List<Printer> Printers, List<Filament> Filaments, List<PrintJob> Jobs) Read(Stream source)
    {
        Span<byte> head = stackalloc byte[5];
        if (source.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length || !head[..Magic.Length].SequenceEqual(Magic))
            throw new InvalidDataException("not a print farm snapshot (it does not start with the magic \"R3DF\")");
        var version = head[Magic.Length];
        if (version is not (Version1 or Version2 or Version3))
            throw new InvalidDataException($"print farm snapshot version {version} is not supported (this build reads versions {Version1} to {Version3}); was it written by a newer Raft3D?");

        if (source.CanSeek && source.Position == source.Length) throw new InvalidDataException($"the print farm snapshot (version {version}) is empty");
        return FarmBinary.Decode(source, $"print farm snapshot (version {version})", r =>
        {
            var p = FarmBinary.ReadCount(r, minBytesEach: 3, "printers");
            var printers = new List<Printer>(Math.Min(p, MaxPreallocated));
            for (var i = 0; i < p; i++)
            {
                var printer = FarmBinary.ReadPrinter(r);
                printers.Add(version == Version3 ? printer with { Version = ReadVersion(r) } : printer);
            }
            var f = FarmBinary.ReadCount(r, minBytesEach: 6, "filaments");
            var filaments = new List<Filament>(Math.Min(f, MaxPreallocated));
            for (var i = 0; i < f; i++)
            {
                var filament = FarmBinary.ReadFilament(r);
                filaments.Add(version == Version3 ? filament with { Version = ReadVersion(r) } : filament);
            }
            // A job holds the id string of its printer and filament, not a copy per job; the
            // jobs of a deleted one (spelled out) share the first job's copy.
            var printerIds = new HashSet<string>(printers.Select(p => p.Id), StringComparer.Ordinal);
            var filamentIds = new HashSet<string>(filaments.Select(f => f.Id), StringComparer.Ordinal);
            // Jobs that print the same file share its path (RecentStrings), as they do when applied.
            var filepaths = new RecentStrings();
            var j = FarmBinary.ReadCount(r, minBytesEach: 6, "print jobs");
            var jobs = new List<PrintJob>(Math.Min(j, MaxPreallocated));
            for (var i = 0; i < j; i++)
            {
                jobs.Add(version switch
                {
                    // Arguments are evaluated left to right: the fields in the order written.
                    Version1 => new PrintJob(r.ReadString(), Shared(printerIds, r.ReadString()), Shared(filamentIds, r.ReadString()), filepaths.Share(r.ReadString()),
                        r.Read7BitEncodedInt(), FarmBinary.ReadEnum<JobStatus>(r)),
                    Version2 => new PrintJob(r.ReadString(), At(printers, r).Id, At(filaments, r).Id, filepaths.Share(r.ReadString()), r.Read7BitEncodedInt(),
                        FarmBinary.ReadEnum<JobStatus>(r)),
                    _ => new PrintJob(r.ReadString(), Reference(printers, p => p.Id, printerIds, r), Reference(filaments, f => f.Id, filamentIds, r), filepaths.Share(r.ReadString()),
                        r.Read7BitEncodedInt(), FarmBinary.ReadEnum<JobStatus>(r)) { Version = ReadVersion(r) },
                });
            }
            return (printers, filaments, jobs);
        });
    }

    private static long ReadVersion(BinaryReader r)
    {
        var version = r.Read7BitEncodedInt64();
        return version >= 0 ? version : throw FarmBinary.Corrupt($"{version} is not a version (a log index)");
    }

    private static string Reference<T>(List<T> list, Func<T, string> id, HashSet<string> ids, BinaryReader r)
    {
        var reference = r.Read7BitEncodedInt();
        if (reference == 0) return Shared(ids, r.ReadString());
        return reference > 0 && reference <= list.Count
            ? id(list[reference - 1])
            : throw FarmBinary.Corrupt($"a print job refers to {typeof(T).Name.ToLowerInvariant()} number {reference} of {list.Count}");
    }

    /// <summary>The instance of id's text already in ids (which keeps the first one it is given).</summary>
    private static string Shared(HashSet<string> ids, string id)
    {
        if (ids.TryGetValue(id, out var shared)) return shared;
        ids.Add(id);
        return id;
    }

    private static T At<T>(List<T> list, BinaryReader r)
    {
        var position = r.Read7BitEncodedInt();
        return position >= 0 && position < list.Count
            ? list[position]
            : throw FarmBinary.Corrupt($"a print job refers to {typeof(T).Name.ToLowerInvariant()} number {position} of {list.Count}");
    }
}
