using System.Text;
using Akka.Actor;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Node;

/// <summary>
/// A server of the previous release that forwards a write reads its result only as that release
/// wrote it: the leader answers it through IStateMachine.AnswerForPreviousRelease, everyone else
/// with the result as it is.
/// </summary>
public sealed class PreviousReleaseAnswerTests
{
    private static async Task<string> ResultAsync(RaftTestNode via, string command, bool previousRelease)
    {
        var answer = await via.Raft!.Ask<ProposeResult>(new Propose(Encoding.UTF8.GetBytes(command)) { PreviousReleaseAnswers = previousRelease },
            TimeSpan.FromSeconds(10));
        return Encoding.UTF8.GetString(Assert.IsType<ProposeResult.Applied>(answer).Result);
    }

    [Fact]
    public async Task Only_a_proposer_of_the_previous_release_gets_the_answer_in_its_format()
    {
        // Long election timeouts: the leader must not change while the writes go in.
        await using var cluster = RaftTestCluster.Start(3, options: RaftTestCluster.Options with { ElectionTicks = 100 });
        var leader = await cluster.AwaitLeaderAsync();
        var follower = cluster.Nodes.First(n => n != leader);

        // Through a follower, the proposal crosses Akka.Remote: the flag travels in its bytes.
        Assert.StartsWith("v0.1.0:applied", await ResultAsync(follower, "old-via-follower", previousRelease: true));
        Assert.StartsWith("v0.1.0:applied", await ResultAsync(leader, "old-at-leader", previousRelease: true));
        Assert.StartsWith("applied", await ResultAsync(follower, "new-via-follower", previousRelease: false));
        Assert.StartsWith("applied", await ResultAsync(leader, "new-at-leader", previousRelease: false));
    }
}
