using System.Text;

namespace Raft3D.PrintFarm.Model;

public static class FilamentTypes
{
    public const string Allowed = "PLA, PETG, ABS or TPU";

    /// <summary>
    /// PLA, PETG, ABS or TPU in any (ASCII) case, surrounding spaces ignored. Only these four
    /// words: no numbers, no comma lists, no look-alike Unicode letters.
    /// </summary>
    public static bool TryParse(string? text, out FilamentType type)
    {
        type = default;
        var word = text?.Trim();
        if (word is null || !Ascii.IsValid(word)) return false;
        switch (word.ToUpperInvariant())
        {
            case "PLA": type = FilamentType.PLA; return true;
            case "PETG": type = FilamentType.PETG; return true;
            case "ABS": type = FilamentType.ABS; return true;
            case "TPU": type = FilamentType.TPU; return true;
            default: return false;
        }
    }
}
