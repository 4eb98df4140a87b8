namespace Raft3D.Consensus.Membership;

public enum VoteTally { Pending, Won, Lost }

/// <summary>Majority arithmetic over the voters of one configuration (§5.2, §5.3).</summary>
public static class Quorum
{
    public static int Majority(int voters) => voters / 2 + 1;

    /// <summary>
    /// The highest index that a majority of voters hold: with match indexes sorted descending,
    /// the one at position majority − 1. A leader counts its own durable last index.
    /// </summary>
    public static long CommittedIndex(IReadOnlyCollection<long> voterMatchIndexes)
    {
        if (voterMatchIndexes.Count == 0) return 0;
        var sorted = voterMatchIndexes.OrderByDescending(i => i).ToArray();
        return sorted[Majority(sorted.Length) - 1];
    }

    /// <summary>An election is won with a majority of grants and lost once a majority cannot be reached.</summary>
    public static VoteTally Tally(int voters, int granted, int rejected)
    {
        var majority = Majority(voters);
        if (granted >= majority) return VoteTally.Won;
        if (rejected > voters - majority) return VoteTally.Lost;
        return VoteTally.Pending;
    }

    public static bool IsMajority(int voters, int count) => count >= Majority(voters);
}
