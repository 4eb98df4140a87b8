namespace Raft3D.Server.Idempotency;

/// <summary>
/// Recent Idempotency-Keys and their first results, part of the replicated state: changed only
/// while applying the log, so it is the same on every node, survives leader changes and
/// restarts, and travels in snapshots. Its clock is the largest command timestamp applied so
/// far (never the local clock), so eviction is deterministic too. Bounded by count and age:
/// entries leave oldest first. The bounds are the cluster's settings, changed through the log.
/// </summary>
public sealed class IdempotencyTable(int maxEntries, TimeSpan maxAge)
{
    private const byte Version = 1;
    private readonly Dictionary<string, IdempotencyEntry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private int _maxEntries = maxEntries;
    private long _maxAgeMs = (long)maxAge.TotalMilliseconds;

    public int Count => _entries.Count;

    /// <summary>The table's clock: the largest timestamp seen (unix ms).</summary>
    public long NowMs { get; private set; }

    /// <summary>Moves the clock to a command's timestamp (never back) and evicts what aged out.</summary>
    public void Advance(long timestampMs)
    {
        if (timestampMs > NowMs) NowMs = timestampMs;
        Evict();
    }

    /// <summary>New bounds (a settings entry applied, or a snapshot restored): what is now past them leaves at once.</summary>
    public void Bound(int maxEntries, TimeSpan maxAge)
    {
        (_maxEntries, _maxAgeMs) = (maxEntries, (long)maxAge.TotalMilliseconds);
        Evict();
    }

    public IdempotencyEntry? Find(string key) => _entries.GetValueOrDefault(key);

    /// <summary>Remembers a key's first result (a key already present is left as it is).</summary>
    public void Record(string key, byte[] fingerprint, byte[] result)
    {
        if (_entries.ContainsKey(key)) return;
        _entries[key] = new IdempotencyEntry(key, fingerprint, result, NowMs);
        _order.Enqueue(key);
        Evict();
    }

    private void Evict()
    {
        while (_order.Count > 0)
        {
            var oldest = _entries[_order.Peek()];
            if (_order.Count <= _maxEntries && NowMs - oldest.RecordedAtMs <= _maxAgeMs) break;
            _order.Dequeue();
            _entries.Remove(oldest.Key);
        }
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Version);
        writer.Write(NowMs);
        writer.Write7BitEncodedInt(_order.Count);
        foreach (var key in _order)
        {
            var entry = _entries[key];
            writer.Write(entry.Key);
            writer.Write7BitEncodedInt(entry.Fingerprint.Length);
            writer.Write(entry.Fingerprint);
            writer.Write7BitEncodedInt(entry.Result.Length);
            writer.Write(entry.Result);
            writer.Write(entry.RecordedAtMs);
        }
    }

    /// <summary>Replaces the contents with what <see cref="Write"/> wrote.</summary>
    public void Read(BinaryReader reader)
    {
        var version = reader.ReadByte();
        if (version != Version) throw new InvalidDataException($"idempotency table version {version} is not supported (expected {Version})");
        _entries.Clear();
        _order.Clear();
        NowMs = reader.ReadInt64();
        var count = reader.Read7BitEncodedInt();
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var fingerprint = reader.ReadBytes(reader.Read7BitEncodedInt());
            var result = reader.ReadBytes(reader.Read7BitEncodedInt());
            var recordedAt = reader.ReadInt64();
            _entries[key] = new IdempotencyEntry(key, fingerprint, result, recordedAt);
            _order.Enqueue(key);
        }
        Evict();
    }
}
