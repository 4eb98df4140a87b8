using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>Majority arithmetic (Raft paper §5.2 elections, §5.3 commitment).</summary>
public sealed class QuorumTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    [InlineData(6, 4)]
    [InlineData(7, 4)]
    public void Majority_is_more_than_half(int voters, int majority)
    {
        Assert.Equal(majority, Quorum.Majority(voters));
        // Any two majorities intersect, which is what every Raft safety argument rests on.
        Assert.True(2 * majority > voters);
        Assert.True(Quorum.IsMajority(voters, majority));
        Assert.False(Quorum.IsMajority(voters, majority - 1));
    }

    [Theory]
    [InlineData(new long[] { }, 0)]
    [InlineData(new long[] { 5 }, 5)]
    [InlineData(new long[] { 5, 3 }, 3)] // two voters: both must hold it
    [InlineData(new long[] { 5, 3, 4 }, 4)]
    [InlineData(new long[] { 1, 1, 9 }, 1)]
    [InlineData(new long[] { 9, 9, 1 }, 9)]
    [InlineData(new long[] { 5, 4, 0, 0 }, 0)] // four voters need three
    [InlineData(new long[] { 5, 4, 4, 0 }, 4)]
    [InlineData(new long[] { 1, 2, 3, 4, 5 }, 3)]
    [InlineData(new long[] { 7, 7, 0, 0, 0 }, 0)]
    [InlineData(new long[] { 3, 3, 3, 3, 3 }, 3)]
    [InlineData(new long[] { 10, 2, 8, 6, 4, 12, 0 }, 6)]
    public void CommittedIndex_is_the_highest_index_a_majority_holds(long[] matchIndexes, long expected) =>
        Assert.Equal(expected, Quorum.CommittedIndex(matchIndexes));

    [Theory]
    [InlineData(1, 1, 0, VoteTally.Won)]
    [InlineData(3, 1, 0, VoteTally.Pending)]
    [InlineData(3, 2, 0, VoteTally.Won)]
    [InlineData(3, 1, 1, VoteTally.Pending)]
    [InlineData(3, 1, 2, VoteTally.Lost)]
    [InlineData(4, 2, 1, VoteTally.Pending)]
    [InlineData(4, 2, 2, VoteTally.Lost)] // 2 of 4 is no majority, and no more voters are left
    [InlineData(4, 3, 0, VoteTally.Won)]
    [InlineData(5, 2, 2, VoteTally.Pending)]
    [InlineData(5, 2, 3, VoteTally.Lost)]
    [InlineData(5, 3, 2, VoteTally.Won)]
    [InlineData(7, 3, 3, VoteTally.Pending)]
    [InlineData(7, 3, 4, VoteTally.Lost)]
    public void Tally_is_won_with_a_majority_and_lost_once_one_is_out_of_reach(int voters, int granted, int rejected, VoteTally expected) =>
        Assert.Equal(expected, Quorum.Tally(voters, granted, rejected));
}
