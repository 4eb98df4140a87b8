using Akka.Actor;
using Raft3D.Consensus.Hosting;

namespace Raft3D.Consensus.Tests.Hosting;

/// <summary>The host's ask of the local Raft actor: answers, failures, timeouts, and a path only on demand.</summary>
public sealed class RaftReplyTests : Akka.TestKit.Xunit2.TestKit
{
    private ExtendedActorSystem System => (ExtendedActorSystem)Sys;

    /// <summary>As <see cref="RaftNode"/> asks: tell, wait with a timeout, release however the wait ends.</summary>
    private static async Task<string> AskAsync(IActorRef raft, object request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reply = RaftReply<string>.Tell(raft, request);
        try
        {
            return await reply.Answer.WaitAsync(timeout, cancellationToken);
        }
        finally
        {
            reply.Release();
        }
    }

    [Fact]
    public async Task The_answer_completes_the_ask()
    {
        var raft = CreateTestProbe();
        var asked = AskAsync(raft.Ref, "request", TimeSpan.FromSeconds(5), CancellationToken.None);

        raft.ExpectMsg("request");
        raft.LastSender.Tell("answer");

        Assert.Equal("answer", await asked);
    }

    [Fact]
    public async Task A_failure_or_an_answer_of_another_type_fails_the_ask()
    {
        var raft = CreateTestProbe();
        var failed = AskAsync(raft.Ref, "one", TimeSpan.FromSeconds(5), CancellationToken.None);
        raft.ExpectMsg("one");
        raft.LastSender.Tell(new Status.Failure(new InvalidOperationException("the capture failed")));
        var wrong = AskAsync(raft.Ref, "two", TimeSpan.FromSeconds(5), CancellationToken.None);
        raft.ExpectMsg("two");
        raft.LastSender.Tell(42);

        Assert.Equal("the capture failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => failed)).Message);
        Assert.Contains("expected a String, got a Int32", (await Assert.ThrowsAsync<InvalidOperationException>(() => wrong)).Message);
    }

    [Fact]
    public async Task No_answer_in_time_is_a_timeout_and_cancellation_cancels()
    {
        var raft = CreateTestProbe();
        await Assert.ThrowsAsync<TimeoutException>(() =>
            AskAsync(raft.Ref, "request", TimeSpan.FromMilliseconds(50), CancellationToken.None));

        using var cancel = new CancellationTokenSource();
        var asked = AskAsync(raft.Ref, "request", TimeSpan.FromSeconds(30), cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asked);
    }

    [Fact]
    public async Task A_path_asked_for_during_the_ask_resolves_to_it_until_the_ask_is_over()
    {
        var raft = CreateTestProbe();
        var asked = AskAsync(raft.Ref, "request", TimeSpan.FromSeconds(5), CancellationToken.None);
        raft.ExpectMsg("request");
        var reply = raft.LastSender;

        // As a peer would find it: by its path, through the provider.
        var path = reply.Path;
        Assert.Same(reply, System.Provider.ResolveActorRef(path));
        System.Provider.ResolveActorRef(path).Tell("answer");
        Assert.Equal("answer", await asked);

        Assert.NotSame(reply, System.Provider.ResolveActorRef(path));
    }
}
