namespace Raft3D.PrintFarm.Model;

/// <summary>
/// What a name (company, model, colour, file path) may contain: some visible text, no control
/// characters (C0, DEL, C1: they break logs, terminals and CSV exports) and no lone UTF-16
/// surrogates (they cannot be stored as UTF-8, so nodes would keep a U+FFFD instead).
/// </summary>
public static class Texts
{
    /// <summary>Null when the text is acceptable, else what is wrong with it, to follow the field's name.</summary>
    public static string? Problem(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) return $"is required: {what}";
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c)) return $"must not contain control characters (found U+{(int)c:X4} at position {i})";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) return $"must be valid Unicode text (found a lone surrogate U+{(int)c:X4} at position {i})";
        }
        return null;
    }
}
