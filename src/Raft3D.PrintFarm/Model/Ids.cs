namespace Raft3D.PrintFarm.Model;

/// <summary>
/// Ids are 1-128 characters of ASCII letters, digits, '-', '_' and '.' (SPEC §1), and never
/// "." or ".." (SPEC §10). ASCII only, so an id is always safe in a URL path and compares the
/// same on every node.
/// </summary>
public static class Ids
{
    public const int MaxLength = 128;

    public const string Rule = "must be 1-128 characters of letters, digits, '-', '_' or '.', and not '.' or '..'";

    /// <summary>Whether a new object may take this id.</summary>
    public static bool IsValid(string? id) => IsWellFormed(id) && id is not ("." or "..");

    /// <summary>
    /// The characters and length only. Snapshots are checked with this: "." and ".." were taken
    /// by builds before the rule, and a farm that holds one must still restore (every path
    /// segment client normalises them away, so such an object can only be listed).
    /// </summary>
    public static bool IsWellFormed(string? id)
    {
        if (id is not { Length: > 0 and <= MaxLength }) return false;
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) return false;
        }
        return true;
    }
}
