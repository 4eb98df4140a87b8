namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// Gives equal texts seen close together one string instance: jobs that print the same file
/// (a farm prints its parts again and again) hold one filepath string instead of one each,
/// 64 bytes a job at a million jobs. Bounded: once it holds its capacity of texts it starts
/// afresh, so a farm whose paths all differ pays for at most that many entries. One thread
/// only (the apply loop, or one restore); sharing never changes a value, only its instance.
/// </summary>
internal sealed class RecentStrings(int capacity)
{
    /// <summary>Enough for every file a farm prints in a season, small beside a million jobs.</summary>
    public const int DefaultCapacity = 4096;

    private readonly HashSet<string> _texts = new(StringComparer.Ordinal);

    public RecentStrings() : this(DefaultCapacity)
    {
    }

    /// <summary>The instance already held for text's characters, else text itself (now held).</summary>
    public string Share(string text)
    {
        if (_texts.TryGetValue(text, out var shared)) return shared;
        if (_texts.Count >= capacity) _texts.Clear();
        _texts.Add(text);
        return text;
    }
}
