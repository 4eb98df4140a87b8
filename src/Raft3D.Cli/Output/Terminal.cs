using Spectre.Console;

namespace Raft3D.Cli.Output;

/// <summary>A Spectre.Console console over a writer, with colours only when asked for.</summary>
public static class Terminal
{
    /// <summary>
    /// Wide enough that no table is ever wrapped or cut: a piped table must keep one row a line
    /// for grep and awk, and a terminal wraps long lines by itself, as it did for the plain tables.
    /// </summary>
    private const int Width = 4096;

    public static IAnsiConsole Create(TextWriter writer, bool colors)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colors ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = colors ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = Width;
        return console;
    }
}
