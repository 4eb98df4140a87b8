using System.Diagnostics;

namespace Raft3D.Consensus.Diagnostics;

/// <summary>
/// Spans of a write's path through Raft (ActivitySource "Raft3D.Raft"): passed on by a
/// follower, batched and replicated by the leader until applied, and the leader's journal
/// write of that batch. A write carries its caller's W3C traceparent in
/// <see cref="Node.Propose.TraceParent"/>, across Akka.Remote too. With no listener (tracing
/// off, the default) StartActivity returns null and nothing is allocated.
/// </summary>
public static class RaftTracing
{
    public const string SourceName = "Raft3D.Raft";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// The host proposes a write (<see cref="Hosting.RaftNode.ProposeAsync"/>): the span covers
    /// the call, retries included, as a child of the caller's current span (an HTTP request's);
    /// its id is the traceparent the write carries to the leader.
    /// </summary>
    public static Activity? Propose() => Source.StartActivity("raft3d.propose", ActivityKind.Client);

    /// <summary>A follower passes a write on: returns the traceparent the leader should continue from.</summary>
    public static string? Forward(string? traceParent, string nodeId, string leaderId)
    {
        if (!TryParse(traceParent, out var parent)) return traceParent;
        using var activity = Start("raft.forward", ActivityKind.Producer, parent);
        activity?.SetTag("raft.node", nodeId);
        activity?.SetTag("raft.leader", leaderId);
        return activity?.Id ?? traceParent;
    }

    /// <summary>The leader appends a traced write at index in a batch of batchSize; the span ends when it is answered.</summary>
    public static Activity? Replicate(string? traceParent, string nodeId, long index, long term, int batchSize)
    {
        if (!TryParse(traceParent, out var parent)) return null;
        var activity = Start("raft.replicate", ActivityKind.Consumer, parent);
        activity?.SetTag("raft.node", nodeId);
        activity?.SetTag("raft.index", index);
        activity?.SetTag("raft.term", term);
        activity?.SetTag("raft.batch_size", batchSize);
        return activity;
    }

    /// <summary>The journal write of a batch, as a child of one traced write in it.</summary>
    public static Activity? JournalWrite(Activity? batch, int events)
    {
        if (batch is null) return null;
        var activity = Start("raft.journal.write", ActivityKind.Internal, batch.Context);
        activity?.SetTag("raft.events", events);
        return activity;
    }

    /// <summary>Ends a write's span: applied (error null) or answered without being applied.</summary>
    public static void End(Activity? activity, string? error)
    {
        if (activity is null) return;
        if (error is null) activity.AddEvent(new ActivityEvent("applied"));
        else activity.SetStatus(ActivityStatusCode.Error, error);
        activity.Stop();
    }

    /// <summary>
    /// Starts a span without making it Activity.Current: these spans outlive the message the
    /// actor is handling, and the dispatcher thread goes on to run other actors.
    /// </summary>
    private static Activity? Start(string name, ActivityKind kind, ActivityContext parent)
    {
        var current = Activity.Current;
        var activity = Source.StartActivity(name, kind, parent);
        Activity.Current = current;
        return activity;
    }

    private static bool TryParse(string? traceParent, out ActivityContext context)
    {
        context = default;
        return traceParent is not null && Source.HasListeners() && ActivityContext.TryParse(traceParent, null, out context);
    }
}
