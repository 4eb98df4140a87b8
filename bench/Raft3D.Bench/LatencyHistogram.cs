using System.Numerics;

namespace Raft3D.Bench;

/// <summary>
/// A lock-free, HDR-like latency histogram in microseconds: exact below 1 024 µs, then 512
/// linear sub-buckets per power of two (relative error under 0.2 %) up to about 2^40 µs. Many
/// threads may record at once; percentiles are read once recording has stopped.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 9;
    private const int Sub = 1 << SubBits;
    private const int MaxExponent = 31;
    private readonly long[] _counts = new long[2 * Sub + MaxExponent * Sub];
    private long _count;
    private long _sumMicros;
    private long _maxMicros;

    public long Count => Interlocked.Read(ref _count);

    public double MeanMilliseconds => Count == 0 ? double.NaN : Interlocked.Read(ref _sumMicros) / (double)Count / 1000.0;

    public double MaxMilliseconds => Count == 0 ? double.NaN : Interlocked.Read(ref _maxMicros) / 1000.0;

    public void Record(TimeSpan elapsed) => RecordMicros((long)(elapsed.Ticks / (double)TimeSpan.TicksPerMicrosecond));

    public void RecordMicros(long micros)
    {
        if (micros < 0) micros = 0;
        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumMicros, micros);
        var max = Interlocked.Read(ref _maxMicros);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxMicros, micros, max);
            if (seen == max) break;
            max = seen;
        }
    }

    /// <summary>The latency at quantile q (0..1) in milliseconds: the value of the ceil(q·N)-th smallest sample.</summary>
    public double Percentile(double q)
    {
        var total = Count;
        if (total == 0) return double.NaN;
        var rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank) return Math.Min(ValueAt(i), Interlocked.Read(ref _maxMicros)) / 1000.0;
        }
        return MaxMilliseconds;
    }

    internal static int Index(long micros)
    {
        if (micros < 2 * Sub) return (int)micros;
        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)micros) - SubBits;
        if (exponent > MaxExponent) return 2 * Sub + MaxExponent * Sub - 1;
        var mantissa = micros >> exponent;
        return 2 * Sub + (exponent - 1) * Sub + (int)(mantissa - Sub);
    }

    /// <summary>The middle of bucket i, in microseconds.</summary>
    internal static long ValueAt(int index)
    {
        if (index < 2 * Sub) return index;
        var exponent = (index - 2 * Sub) / Sub + 1;
        var mantissa = (long)((index - 2 * Sub) % Sub + Sub);
        var lower = mantissa << exponent;
        return lower + (1L << exponent) / 2;
    }
}
