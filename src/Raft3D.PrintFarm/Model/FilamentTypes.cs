namespace Raft3D.PrintFarm.Model;

public static class FilamentTypes
{
    /// <summary>PLA, PETG, ABS or TPU in any case.</summary>
    public static bool TryParse(string? text, out FilamentType type)
    {
        type = default;
        return text is not null && !text.Any(char.IsDigit) && Enum.TryParse(text.Trim(), ignoreCase: true, out type) && Enum.IsDefined(type);
    }

    public const string Allowed = "PLA, PETG, ABS or TPU";
}
