namespace Raft3D.PrintFarm.Model;

/// <summary>
/// Ids are 1-128 characters of ASCII letters, digits, '-', '_' and '.' (SPEC §1). ASCII only,
/// so an id is always safe in a URL path and compares the same on every node.
/// </summary>
public static class Ids
{
    public const int MaxLength = 128;

    public const string Rule = "must be 1-128 characters of letters, digits, '-', '_' or '.'";

    public static bool IsValid(string? id)
    {
        if (id is not { Length: > 0 and <= MaxLength }) return false;
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) return false;
        }
        return true;
    }
}
