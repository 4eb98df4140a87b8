using System.Diagnostics;

namespace Raft3D.Chaos.Releases;

/// <summary>
/// Runs a build step (git, dotnet, a script, tar) to its end, its output going to a log file
/// so that a failure can say where to look; throws with the output's tail when it fails.
/// </summary>
public static class Command
{
    public static async Task<string> RunAsync(string workingDirectory, string logFile, TimeSpan timeout,
        string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var line = $"$ {file} {string.Join(' ', args)}";
        await File.AppendAllTextAsync(logFile, line + Environment.NewLine);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{line[2..]}` took longer than {timeout.TotalMinutes:0.#} min (log: {logFile})");
        }
        var output = (await stdout) + (await stderr);
        await File.AppendAllTextAsync(logFile, output + Environment.NewLine);
        if (process.ExitCode != 0)
        {
            var tail = output.Length > 3000 ? output[^3000..] : output;
            throw new InvalidOperationException($"`{line[2..]}` failed with exit code {process.ExitCode} (log: {logFile}):{Environment.NewLine}{tail}");
        }
        return output.Trim();
    }
}
