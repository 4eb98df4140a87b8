using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm.Encoding;

/// <summary>
/// The binary building blocks shared by the command, result and snapshot codecs: UTF-8
/// strings with a 7-bit length prefix, 7-bit varint numbers, one byte per enum value.
/// </summary>
internal static class FarmBinary
{
    /// <summary>A string; null is written as "" (every string field of a command is required, and both fail the same checks).</summary>
    public static void WriteString(BinaryWriter w, string? value) => w.Write(value ?? "");

    public static void WriteOptional(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null) w.Write(value);
    }

    public static string? ReadOptional(BinaryReader r) => ReadFlag(r) ? r.ReadString() : null;

    public static void WriteOptional(BinaryWriter w, int? value)
    {
        w.Write(value.HasValue);
        if (value is { } v) w.Write7BitEncodedInt(v);
    }

    public static int? ReadOptionalInt(BinaryReader r) => ReadFlag(r) ? r.Read7BitEncodedInt() : null;

    public static void WriteOptional(BinaryWriter w, long? value)
    {
        w.Write(value.HasValue);
        if (value is { } v) w.Write7BitEncodedInt64(v);
    }

    public static long? ReadOptionalLong(BinaryReader r) => ReadFlag(r) ? r.Read7BitEncodedInt64() : null;

    /// <summary>A boolean written as exactly 0 or 1; anything else is corrupt input.</summary>
    public static bool ReadFlag(BinaryReader r) => r.ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw Corrupt($"{other} is not a flag (0 or 1)"),
    };

    public static void Write(BinaryWriter w, Printer p)
    {
        w.Write(p.Id); w.Write(p.Company); w.Write(p.Model);
    }

    public static Printer ReadPrinter(BinaryReader r) => new(r.ReadString(), r.ReadString(), r.ReadString());

    /// <summary>The stored fields of a filament; the reserved weight follows from the jobs and is not written.</summary>
    public static void Write(BinaryWriter w, Filament f)
    {
        w.Write(f.Id); w.Write((byte)f.Type); w.Write(f.Color);
        w.Write7BitEncodedInt(f.TotalWeightInGrams); w.Write7BitEncodedInt(f.RemainingWeightInGrams);
    }

    public static Filament ReadFilament(BinaryReader r, int reserved = 0) =>
        new(r.ReadString(), ReadEnum<FilamentType>(r), r.ReadString(), r.Read7BitEncodedInt(), r.Read7BitEncodedInt(), reserved);

    public static void Write(BinaryWriter w, PrintJob j)
    {
        w.Write(j.Id); w.Write(j.PrinterId); w.Write(j.FilamentId); w.Write(j.Filepath);
        w.Write7BitEncodedInt(j.PrintWeightInGrams); w.Write((byte)j.Status);
    }

    public static PrintJob ReadJob(BinaryReader r) =>
        new(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.Read7BitEncodedInt(), ReadEnum<JobStatus>(r));

    public static T ReadEnum<T>(BinaryReader r) where T : struct, Enum
    {
        var value = r.ReadByte();
        var result = (T)Enum.ToObject(typeof(T), value);
        return Enum.IsDefined(result) ? result : throw Corrupt($"{value} is not a {typeof(T).Name}");
    }

    /// <summary>
    /// A count of items that each take at least <paramref name="minBytesEach"/> bytes: a count
    /// that cannot fit in what is left is corrupt input, refused before anything is allocated.
    /// </summary>
    public static int ReadCount(BinaryReader r, int minBytesEach, string what)
    {
        var count = r.Read7BitEncodedInt();
        // A stream that cannot tell its length is read to its end: a false count fails there.
        if (!r.BaseStream.CanSeek) return count >= 0 ? count : throw Corrupt($"{count} {what} is not a count");
        var left = r.BaseStream.Length - r.BaseStream.Position;
        if (count < 0 || (long)count * minBytesEach > left)
            throw Corrupt($"{count} {what} cannot fit in the {left} bytes left");
        return count;
    }

    /// <summary>
    /// Runs a decoder over the whole input, turning truncated or malformed input into one
    /// <see cref="InvalidDataException"/> that says what was being read. Decoders signal
    /// malformed fields with <see cref="FormatException"/> (see <see cref="Corrupt"/>) and
    /// refuse whole inputs (bad magic, unknown version, unknown tag) with InvalidDataException.
    /// </summary>
    public static T Decode<T>(ReadOnlySpan<byte> bytes, string what, Func<BinaryReader, T> read)
    {
        if (bytes.IsEmpty) throw new InvalidDataException($"the {what} is empty");
        // Every write decodes its command and its result: each thread keeps one input stream and
        // its reader, taken off the thread while in use (as Encode's buffer) and dropped after a
        // failure. Reuse is safe because a reader over a MemoryStream decodes each string whole,
        // with no state left from the one before (CodecTests checks a malformed tail).
        var input = t_input ?? new DecodeInput();
        t_input = null;
        input.Load(bytes);
        var result = Decode(input.Stream, input.Reader, what, read);
        if (input.Stream.Capacity <= MaxKeptBuffer) t_input = input;
        return result;
    }

    [ThreadStatic] private static DecodeInput? t_input;

    /// <summary>
    /// <see cref="Decode{T}(ReadOnlySpan{byte}, string, Func{BinaryReader, T})"/> over a stream,
    /// read to its end (through the reader's small buffer: the input need not fit in an array).
    /// </summary>
    public static T Decode<T>(Stream source, string what, Func<BinaryReader, T> read)
    {
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        return Decode(source, reader, what, read);
    }

    private static T Decode<T>(Stream source, BinaryReader reader, string what, Func<BinaryReader, T> read)
    {
        try
        {
            var result = read(reader);
            if (source.CanSeek && source.Position != source.Length)
                throw new InvalidDataException($"the {what} is corrupt: {source.Length - source.Position} unexpected bytes after its end");
            if (!source.CanSeek && source.ReadByte() != -1)
                throw new InvalidDataException($"the {what} is corrupt: unexpected bytes after its end");
            return result;
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"the {what} is corrupt: {e.Message}", e);
        }
    }

    /// <summary>A malformed field; <see cref="Decode{T}"/> reports it as corrupt input.</summary>
    public static FormatException Corrupt(string message) => new(message);

    /// <summary>
    /// What write writes, as an array of its length. Every write through the API encodes a
    /// command and a result: a new stream grew its buffer two or three times for each and a new
    /// writer came with it (a quarter of a kilobyte of garbage a write), so each thread keeps
    /// one of each and reuses it; only the returned array is new.
    /// </summary>
    public static byte[] Encode(Action<BinaryWriter> write) => Encode(write, static (w, write) => write(w));

    /// <summary><see cref="Encode(Action{BinaryWriter})"/> with the value to write passed in: a static write allocates no closure.</summary>
    public static byte[] Encode<TState>(TState state, Action<BinaryWriter, TState> write)
    {
        // Taken off the thread while in use, so an Encode inside write gets a buffer of its own.
        var buffer = t_buffer ?? new EncodeBuffer();
        t_buffer = null;
        buffer.Stream.SetLength(0);
        write(buffer.Writer, state);
        buffer.Writer.Flush();
        var bytes = buffer.Stream.ToArray();
        if (buffer.Stream.Capacity <= MaxKeptBuffer) t_buffer = buffer;
        return bytes;
    }

    /// <summary>A buffer grown past this by a rare large command is dropped, not kept by its thread.</summary>
    private const int MaxKeptBuffer = 64 * 1024;

    [ThreadStatic] private static EncodeBuffer? t_buffer;

    private sealed class DecodeInput
    {
        public DecodeInput() => Reader = new BinaryReader(Stream, System.Text.Encoding.UTF8, leaveOpen: true);

        public MemoryStream Stream { get; } = new(256);

        public BinaryReader Reader { get; }

        public void Load(ReadOnlySpan<byte> bytes)
        {
            Stream.SetLength(0);
            Stream.Write(bytes);
            Stream.Position = 0;
        }
    }

    private sealed class EncodeBuffer
    {
        public EncodeBuffer() => Writer = new BinaryWriter(Stream, System.Text.Encoding.UTF8, leaveOpen: true);

        public MemoryStream Stream { get; } = new(256);

        public BinaryWriter Writer { get; }
    }
}
