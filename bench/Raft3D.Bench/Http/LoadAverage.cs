namespace Raft3D.Bench.Http;

/// <summary>The machine's load average (1, 5, 15 minutes), as uptime shows it: the box is shared.</summary>
public static class LoadAverage
{
    public static string Now()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', fields.Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>The 1-minute figure.</summary>
    public static double OneMinute(string loadAverage) =>
        double.TryParse(loadAverage.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
}
