using System.Diagnostics;

namespace Raft3D.Server.Tests.Metrics;

/// <summary>Prometheus's own tools, from Debian's prometheus package (.ci/run installs it).</summary>
public static class Promtool
{
    public static string Find(string binary)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, binary);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"'{binary}' is not on PATH: these tests need Debian's prometheus package " +
                                            "(.ci/run installs it; by hand: apt-get update && apt-get install -y prometheus)");
    }

    /// <summary>
    /// Runs `promtool check metrics` on an exposition: exit 1 is a parse error, 3 lint findings.
    /// Returns the exit code and the findings.
    /// </summary>
    public static async Task<(int ExitCode, string[] Findings)> CheckMetricsAsync(string exposition)
    {
        var info = new ProcessStartInfo(Find("promtool"), "check metrics")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var findings = ((await stdout) + (await stderr)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (process.ExitCode, findings);
    }
}
