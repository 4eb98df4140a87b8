using Spectre.Console;

namespace Raft3D.Cli.Output;

/// <summary>
/// Tables without borders: a bold header row, then one row a line with columns padded to their
/// widest cell, so that `grep` and `awk` read them as easily as people do. A cell's style (a
/// colour) shows only on a console with colours.
/// </summary>
public static class TableWriter
{
    public static void Write(IAnsiConsole console, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows,
        Func<int, string, string?>? style = null)
    {
        var table = new Table { Border = TableBorder.None, ShowHeaders = true };
        for (var i = 0; i < header.Count; i++)
            table.AddColumn(new TableColumn(new Markup($"[bold]{Markup.Escape(header[i])}[/]")) { NoWrap = true, Padding = new Padding(0, 0, i == header.Count - 1 ? 0 : 2, 0) });
        foreach (var row in rows)
            table.AddRow(row.Select((cell, i) => style?.Invoke(i, cell) is { } s
                ? new Markup($"[{s}]{Markup.Escape(cell)}[/]")
                : (Spectre.Console.Rendering.IRenderable)new Text(cell)).ToArray());
        console.Write(table);
    }
}
