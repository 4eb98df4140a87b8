using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>The leader's per-follower flow control (nextIndex/matchIndex of Figure 2, pipelining of thesis §10.2.1).</summary>
public sealed class ProgressTests
{
    [Fact]
    public void A_new_progress_probes_one_request_at_a_time()
    {
        var progress = new Progress("f", nextIndex: 6, session: 1);
        Assert.Equal(ProgressState.Probe, progress.State);
        Assert.True(progress.CanSend(8));
        progress.OnSent(5);
        Assert.False(progress.CanSend(8));
        Assert.Equal(6, progress.NextIndex); // a probe does not move nextIndex optimistically
    }

    [Theory]
    [InlineData(5, 5, 6)]
    [InlineData(0, 0, 1)]
    [InlineData(9, 9, 10)]
    public void An_accepted_probe_switches_to_replicate(long sentLast, long acceptedMatch, long expectedNext)
    {
        var progress = new Progress("f", nextIndex: sentLast + 1, session: 1);
        progress.OnSent(sentLast);
        Assert.True(progress.OnAccepted(acceptedMatch) || acceptedMatch == 0);
        Assert.Equal(ProgressState.Replicate, progress.State);
        Assert.Equal(acceptedMatch, progress.MatchIndex);
        Assert.Equal(expectedNext, progress.NextIndex);
        Assert.Equal(0, progress.Inflight);
        Assert.True(progress.CanSend(1));
    }

    [Theory]
    // (window, sends of one entry each, acknowledged up to, can send, still in flight)
    [InlineData(3, 2, 0, true, 2)]
    [InlineData(3, 3, 0, false, 3)] // the window is full
    [InlineData(3, 3, 11, true, 2)] // an answer frees its slot
    [InlineData(3, 3, 13, true, 0)]
    [InlineData(1, 1, 0, false, 1)]
    [InlineData(1, 1, 11, true, 0)]
    public void Replicate_pipelines_up_to_the_inflight_window(int window, int sends, long ackedUpTo, bool canSend, int inflight)
    {
        var progress = Replicating(match: 10);
        for (var i = 1; i <= sends; i++)
        {
            Assert.True(progress.CanSend(window));
            progress.OnSent(10 + i);
        }
        Assert.Equal(11 + sends, progress.NextIndex); // optimistic: the next batch follows at once
        if (ackedUpTo > 0) progress.OnAccepted(ackedUpTo);
        Assert.Equal(canSend, progress.CanSend(window));
        Assert.Equal(inflight, progress.Inflight);
    }

    [Theory]
    [InlineData(10, 4)]
    [InlineData(10, 10)]
    public void A_stale_accept_never_lowers_the_match_index(long match, long staleMatch)
    {
        var progress = Replicating(match);
        Assert.False(progress.OnAccepted(staleMatch));
        Assert.Equal(match, progress.MatchIndex);
        Assert.Equal(match + 1, progress.NextIndex);
    }

    [Theory]
    [InlineData(8)] // a rejection of a request at or below the match index is from an older request
    [InlineData(10)]
    [InlineData(0)]
    public void Replicate_ignores_stale_rejections(long rejectedIndex)
    {
        var progress = Replicating(match: 10);
        progress.OnSent(14);
        Assert.False(progress.OnRejected(rejectedIndex, 3));
        Assert.Equal((ProgressState.Replicate, 10L, 15L, 1), (progress.State, progress.MatchIndex, progress.NextIndex, progress.Inflight));
    }

    [Theory]
    [InlineData(3)] // only the answer to the outstanding probe (prev = next - 1) counts
    [InlineData(6)]
    [InlineData(0)]
    public void Probe_ignores_rejections_of_other_requests(long rejectedIndex)
    {
        var progress = new Progress("f", nextIndex: 6, session: 1);
        progress.OnSent(5);
        Assert.False(progress.OnRejected(rejectedIndex, 1));
        Assert.Equal((ProgressState.Probe, 6L, true), (progress.State, progress.NextIndex, progress.ProbeSent));
    }

    [Theory]
    // Probe from 11 (match 0), request with prev 10 rejected: next = hint clamped to [match+1, rejected].
    [InlineData(false, 0, 10, 3, 3)]
    [InlineData(false, 0, 10, 0, 1)]
    [InlineData(false, 0, 10, 20, 10)] // a hint beyond the rejected index cannot be right
    [InlineData(false, 0, 10, 10, 10)]
    // Replicate with match 4, request with prev 10 rejected.
    [InlineData(true, 4, 10, 2, 5)] // never below what is known to match
    [InlineData(true, 4, 10, 7, 7)]
    [InlineData(true, 4, 10, 15, 10)]
    public void A_rejection_probes_again_from_the_clamped_hint(bool replicating, long match, long rejectedIndex, long hint, long expectedNext)
    {
        Progress progress;
        if (replicating)
        {
            progress = Replicating(match);
            while (progress.NextIndex <= rejectedIndex) progress.OnSent(progress.NextIndex);
        }
        else
        {
            progress = new Progress("f", nextIndex: rejectedIndex + 1, session: 1);
            progress.OnSent(rejectedIndex);
        }
        Assert.True(progress.OnRejected(rejectedIndex, hint));
        Assert.Equal(ProgressState.Probe, progress.State);
        Assert.Equal(expectedNext, progress.NextIndex);
        Assert.Equal(match, progress.MatchIndex);
        Assert.False(progress.ProbeSent);
        Assert.Equal(0, progress.Inflight);
    }

    [Theory]
    [InlineData(4, 2, 5)] // never before the match index
    [InlineData(4, 9, 9)]
    [InlineData(0, 1, 1)]
    public void BecomeProbe_restarts_probing(long match, long nextIndex, long expectedNext)
    {
        var progress = Replicating(match);
        progress.OnSent(match + 3);
        progress.BecomeProbe(nextIndex);
        Assert.Equal((ProgressState.Probe, expectedNext, false, 0), (progress.State, progress.NextIndex, progress.ProbeSent, progress.Inflight));
        Assert.True(progress.CanSend(1));
    }

    [Fact]
    public void ResumeProbe_allows_one_more_probe()
    {
        var progress = new Progress("f", nextIndex: 3, session: 1);
        progress.OnSent(2);
        Assert.False(progress.CanSend(4));
        progress.ResumeProbe();
        Assert.True(progress.CanSend(4));
    }

    private static Progress Replicating(long match)
    {
        var progress = new Progress("f", nextIndex: match + 1, session: 1);
        progress.OnSent(match);
        progress.OnAccepted(match);
        Assert.Equal(ProgressState.Replicate, progress.State);
        return progress;
    }
}
