namespace Raft3D.Cli.Output;

/// <summary>Plain text tables: a header row and columns padded to their widest cell.</summary>
public static class TableWriter
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Line(header, widths));
        output.WriteLine(Line(widths.Select(w => new string('-', w)).ToList(), widths));
        foreach (var row in rows) output.WriteLine(Line(row, widths));
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
}
