using System.Globalization;

namespace Raft3D.Bench.Http;

/// <summary>A process's resident memory now (VmRSS) and at its peak (VmHWM), from /proc/PID/status.</summary>
public sealed record ProcessMemory(long? ResidentBytes, long? PeakResidentBytes)
{
    /// <summary>The process's memory, or nulls when it is gone or this is not Linux.</summary>
    public static ProcessMemory Of(int pid)
    {
        try
        {
            var status = File.ReadAllText($"/proc/{pid}/status");
            return new ProcessMemory(Kilobytes(status, "VmRSS") * 1024, Kilobytes(status, "VmHWM") * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ProcessMemory(null, null);
        }
    }

    /// <summary>The value of a "Field:   1234 kB" line of /proc/PID/status, in kB, or null when there is none.</summary>
    public static long? Kilobytes(string status, string field)
    {
        foreach (var raw in status.Split('\n'))
        {
            var colon = raw.IndexOf(':');
            if (colon <= 0 || !raw.AsSpan(0, colon).SequenceEqual(field)) continue;
            var value = raw.AsSpan(colon + 1).Trim();
            if (value.EndsWith("kB", StringComparison.Ordinal)) value = value[..^2].TrimEnd();
            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : null;
        }
        return null;
    }
}
