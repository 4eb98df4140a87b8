using Raft3D.Consensus.Core;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>
/// A server that is the only voter wins its election in the step that casts its own vote. The
/// simulation found it sending entries of the new term to a learner before that vote was
/// durable; it crashed, restarted in the old term, won the same term again and appended a
/// different entry under the same index and term (Log Matching, §5.3, broken).
/// </summary>
public sealed class SingleVoterElectionTests
{
    private static readonly RaftOptions Options = new() { ElectionTicks = 10, HeartbeatTicks = 2 };

    [Fact]
    public void A_leader_elected_by_its_own_vote_sends_nothing_until_its_term_is_durable()
    {
        var configuration = ManualCluster.Configuration("a") with { Learners = ManualCluster.Configuration("d").Voters };
        var a = new RaftCore("a", Options, new Random(1), 0, null, new RaftLog(), ClusterConfiguration.Empty);
        a.Bootstrap(configuration);
        Assert.Equal(RaftRole.Leader, a.Role);
        var election = a.TakeReady();
        Assert.Contains(Persistence.JournalEvents.Of(election), e => e is Persistence.HardStateChanged { VotedFor: "a" });
        Assert.Empty(election.Messages);
        Assert.Contains(election.MessagesAfterPersist, e => e.Message is AppendEntries { Entries.Count: > 0 });

        // Still not durable: its heartbeats wait as well.
        for (var i = 0; i < Options.HeartbeatTicks; i++) a.Tick();
        var heartbeat = a.TakeReady();
        Assert.Empty(heartbeat.Messages);
        Assert.Contains(heartbeat.MessagesAfterPersist, e => e.Message is Heartbeat);

        // Once the no-op after the vote is durable, the leader's messages go out at once again
        // (written in parallel with its own disk, thesis §10.2.1).
        a.OnStable(election.StableTo!.Value.Index, election.StableTo.Value.Term);
        for (var i = 0; i < Options.HeartbeatTicks; i++) a.Tick();
        Assert.Contains(a.TakeReady().Messages, e => e.Message is Heartbeat);
    }
}
