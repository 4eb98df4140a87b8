namespace Raft3D.Cli.Output;

/// <summary>
/// Whether a stream gets colours: only a terminal does, so a pipe, a file or a script reads
/// plain text; NO_COLOR (https://no-color.org, any non-empty value) and TERM=dumb turn them off.
/// </summary>
public static class ColorPolicy
{
    public static bool Enabled(bool redirected, string? noColor, string? term) =>
        !redirected && string.IsNullOrEmpty(noColor) && term != "dumb";

    /// <summary>The process's own decision for stdout or stderr.</summary>
    public static bool ForConsole(bool redirected) =>
        Enabled(redirected, Environment.GetEnvironmentVariable("NO_COLOR"), Environment.GetEnvironmentVariable("TERM"));
}
