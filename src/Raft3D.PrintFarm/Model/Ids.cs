namespace Raft3D.PrintFarm.Model;

/// <summary>Ids are 1-128 characters of letters, digits, '-', '_' and '.' (SPEC §1).</summary>
public static class Ids
{
    public const int MaxLength = 128;

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public const string Rule = "must be 1-128 characters of letters, digits, '-', '_' or '.'";
}
