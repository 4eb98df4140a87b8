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
        if (Is(word, "PLA")) type = FilamentType.PLA;
        else if (Is(word, "PETG")) type = FilamentType.PETG;
        else if (Is(word, "ABS")) type = FilamentType.ABS;
        else if (Is(word, "TPU")) type = FilamentType.TPU;
        else return false;
        return true;
    }

    // Plain ASCII comparison: the text is known to be ASCII, so no culture or Unicode folding applies.
    private static bool Is(string word, string name) => string.Equals(word, name, StringComparison.OrdinalIgnoreCase);
}
