using Akka.Actor;

namespace Raft3D.Consensus.Hosting;

/// <summary>
/// The sender of one request to the local Raft actor: the answer completes the task, on the thread
/// pool (never inline on the Raft actor's thread). The host's ask for every write and read, so it
/// costs less than Akka's Ask: no cancellation source, registrations or continuation of its own, and
/// a temporary path only if something asks for one (the Raft actor answers local requests through
/// the reference; a path is needed only to pass the reference to another node, which then finds it
/// registered like an ask's).
/// </summary>
internal sealed class RaftReply<T> : MinimalActorRef
{
    private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActorPath? _path;
    private bool _released;

    private RaftReply(IActorRefProvider provider) => Provider = provider;

    public override IActorRefProvider Provider { get; }

    public override ActorPath Path
    {
        get
        {
            // Rarely asked for (an equality check, a message to another node): a plain lock will do.
            lock (_answer)
            {
                if (_path is not null) return _path;
                _path = Provider.TempPath();
                // Once the ask is over an answer has nowhere to go: the path is only a name then.
                if (!_released) Provider.RegisterTempActor(this, _path);
                return _path;
            }
        }
    }

    /// <summary>Tells raft the request with a new reply as its sender; <see cref="Release"/> it once done waiting.</summary>
    public static RaftReply<T> Tell(IActorRef raft, object request)
    {
        var reply = new RaftReply<T>(((IInternalActorRef)raft).Provider);
        raft.Tell(request, reply);
        return reply;
    }

    /// <summary>The answer, or the failure the actor answered with; wait for it with a timeout.</summary>
    public Task<T> Answer => _answer.Task;

    protected override void TellInternal(object message, IActorRef sender)
    {
        switch (message)
        {
            case T answer:
                _answer.TrySetResult(answer);
                break;
            case Status.Failure failure:
                _answer.TrySetException(failure.Cause);
                break;
            default:
                _answer.TrySetException(new InvalidOperationException($"expected a {typeof(T).Name}, got a {message.GetType().Name}"));
                break;
        }
    }

    /// <summary>Ends the ask: a path made for it stops resolving.</summary>
    public void Release()
    {
        lock (_answer)
        {
            _released = true;
            if (_path is { } path) Provider.UnregisterTempActor(path);
        }
    }
}
