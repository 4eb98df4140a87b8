using System.Globalization;

namespace Raft3D.Bench.SideBySide;

/// <summary>One load of the side-by-side mode: writes or linearizable reads through the leader, by N closed-loop clients.</summary>
public sealed record LoadShape(string Kind, int Clients)
{
    public static readonly IReadOnlyList<LoadShape> Defaults = [new("writes", 1), new("writes", 64), new("reads", 64)];

    /// <summary>writes@1, reads@64, ...</summary>
    public static LoadShape Parse(string text)
    {
        var parts = text.Split('@');
        if (parts.Length != 2 || parts[0] is not ("writes" or "reads") || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var clients) || clients < 1)
            throw new ArgumentException($"shape {text}: use writes@N or reads@N");
        return new LoadShape(parts[0], clients);
    }

    public override string ToString() => $"{Kind}@{Clients}";
}
