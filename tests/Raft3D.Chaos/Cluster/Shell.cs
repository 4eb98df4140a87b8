using System.Diagnostics;

namespace Raft3D.Chaos.Cluster;

/// <summary>Runs a short system command (ip, ...) and returns its exit code and output.</summary>
public static class Shell
{
    public static (int Code, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(30_000))
            {
                process.Kill(true);
                return (-1, $"{file} {string.Join(' ', args)}: timed out");
            }
            return (process.ExitCode, (stdout.Result + stderr.Result).Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file}: {e.Message}");
        }
    }

    /// <summary>Runs the command and throws with its output when it fails.</summary>
    public static string Must(string file, params string[] args)
    {
        var (code, output) = Run(file, args);
        if (code != 0) throw new InvalidOperationException($"`{file} {string.Join(' ', args)}` failed ({code}): {output}");
        return output;
    }
}
