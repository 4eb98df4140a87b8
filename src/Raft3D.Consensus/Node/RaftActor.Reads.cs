using Akka.Actor;

namespace Raft3D.Consensus.Node;

/// <summary>Reads: local ones at once, linearizable ones through ReadIndex (thesis §6.4); forwarded writes' answers once applied here.</summary>
public sealed partial class RaftActor
{
    /// <summary>Answers to writes this server passed on, by their index: given once applied here (see <see cref="ForwardRelay"/>).</summary>
    private readonly PriorityQueue<AnswerWhenApplied, long> _answersAwaitingApply = new();

    private void HandleRead(Read read)
    {
        if (read.Consistency == ReadConsistency.Local)
        {
            Serve(new PendingRead(read.Query, Sender));
            return;
        }
        _metrics.LinearizableRead();
        _core.RequestRead(_pendingReads.Add(new PendingRead(read.Query, Sender)));
        Flush();
    }

    /// <summary>Runs where reads run, on this thread, so the capture and its index agree.</summary>
    private object CaptureForBackup(IStateMachine machine) =>
        new StateCaptured(_appliedIndex, _core.TermAt(_appliedIndex) ?? _core.SnapshotTerm, _core.Configuration.ClusterId, machine.CaptureSnapshot());

    /// <summary>Serves the reads, and answers the forwarded writes, this server's applied index now covers.</summary>
    private void ServeUpToApplied()
    {
        foreach (var read in _pendingReads.TakeServable(_appliedIndex)) Serve(read);
        while (_answersAwaitingApply.TryPeek(out var answer, out var index) && index <= _appliedIndex)
        {
            _answersAwaitingApply.Dequeue();
            answer.Relay.Answer(answer.Result, answer.Sender);
        }
    }

    private void AnswerWhenApplied(AnswerWhenApplied answer)
    {
        _answersAwaitingApply.Enqueue(answer, answer.Result.Index);
        ServeUpToApplied();
    }

    private void Serve(PendingRead read)
    {
        try
        {
            read.ReplyTo.Tell(new ReadResult.Served(read.Query(_stateMachine), _appliedIndex));
        }
        catch (Exception e)
        {
            read.ReplyTo.Tell(new Status.Failure(e));
        }
    }
}
