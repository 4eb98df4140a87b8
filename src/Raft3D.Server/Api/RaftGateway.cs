using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Raft3D.Consensus.Node;
using Raft3D.Server.Hosting;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Api;

/// <summary>
/// The HTTP side's only way to the Raft actor on this node. Every call is bounded by the
/// configured timeout: while no leader is known a request is retried inside the bound, and
/// past it the caller gets NoLeader (safe to retry) or Unknown (it may have committed).
/// </summary>
public sealed class RaftGateway(IRequiredActor<RaftActor> raft, NodeOptions node, AppliedFarm applied)
{
    private static readonly TimeSpan MinimumAsk = TimeSpan.FromMilliseconds(20);

    /// <summary>Spans of a write from the HTTP request to Raft's answer (traces are off unless an OTLP endpoint is set).</summary>
    public const string ActivitySourceName = "Raft3D.Server";

    private static readonly ActivitySource Tracing = new(ActivitySourceName);

    public ApiOptions Options => node.Api;

    public async Task<WriteOutcome> ProposeAsync(byte[] command, CancellationToken cancellationToken)
    {
        var actor = await raft.GetAsync(cancellationToken);
        using var activity = Tracing.StartActivity("raft3d.propose", ActivityKind.Client);
        var deadline = DateTime.UtcNow + node.Api.RequestTimeout;
        var delay = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining < MinimumAsk) return new WriteOutcome.NoLeader("no leader was found within the request timeout");
            ProposeResult result;
            try
            {
                result = await actor.Ask<ProposeResult>(new Propose(command) { TraceParent = activity?.Id }, remaining, cancellationToken);
                activity?.AddEvent(new ActivityEvent(result.GetType().Name));
            }
            catch (AskTimeoutException)
            {
                return new WriteOutcome.Unknown($"the cluster did not answer within {node.Api.RequestTimeout.TotalSeconds:0.#} s");
            }
            switch (result)
            {
                case ProposeResult.Applied applied:
                    return new WriteOutcome.Applied(applied.Index, ApplyOutcome.Decode(applied.Result));
                case ProposeResult.OutcomeUnknown unknown:
                    return new WriteOutcome.Unknown(unknown.Reason);
                case ProposeResult.Overloaded overloaded:
                    return new WriteOutcome.Overloaded(overloaded.Reason);
                case ProposeResult.NoLeader noLeader:
                    if (deadline - DateTime.UtcNow < delay + MinimumAsk) return new WriteOutcome.NoLeader(noLeader.Reason);
                    await Task.Delay(delay, cancellationToken);
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
                    break;
            }
        }
    }

    /// <summary>
    /// The farm to answer a read from, immutable, to read on the caller's thread. Local: the
    /// newest view this node published, without asking the Raft actor (so a busy actor never
    /// delays it); the actor is asked only while it has published none (it is starting).
    /// Linearizable: the actor confirms a read index (ReadIndex, thesis §6.4) and, once its state
    /// machine has applied up to it, hands back that state machine's view, an O(1) step on its
    /// thread; the view is never older than the read index.
    /// </summary>
    public Task<ReadOutcome<AppliedView>> ReadViewAsync(ReadConsistency consistency, CancellationToken cancellationToken)
    {
        if (consistency == ReadConsistency.Local && applied.Latest is { } latest)
            return Task.FromResult(new ReadOutcome<AppliedView>(true, latest, latest.Index, null));
        return ServeReadAsync<AppliedView>(new Read(static machine => ((FarmStateMachine)machine).Current, consistency), cancellationToken);
    }

    /// <summary>
    /// The state machine's state captured at a ReadIndex-confirmed applied index, for a backup:
    /// it holds every write acknowledged before the call (serialise it off the actor's thread).
    /// </summary>
    public Task<ReadOutcome<StateCaptured>> CaptureStateAsync(CancellationToken cancellationToken) =>
        ServeReadAsync<StateCaptured>(new CaptureState(), cancellationToken);

    /// <summary>Asks for a read (answered with a <see cref="ReadResult"/>), retried while no leader is known.</summary>
    private async Task<ReadOutcome<T>> ServeReadAsync<T>(object read, CancellationToken cancellationToken)
    {
        var actor = await raft.GetAsync(cancellationToken);
        var deadline = DateTime.UtcNow + node.Api.RequestTimeout;
        var delay = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining < MinimumAsk) return new ReadOutcome<T>(false, default, 0, "no leader could confirm the read within the request timeout");
            ReadResult result;
            try
            {
                result = await actor.Ask<ReadResult>(read, remaining, cancellationToken);
            }
            catch (AskTimeoutException)
            {
                return new ReadOutcome<T>(false, default, 0, $"no leader confirmed the read within {node.Api.RequestTimeout.TotalSeconds:0.#} s");
            }
            switch (result)
            {
                case ReadResult.Served served:
                    return new ReadOutcome<T>(true, (T?)served.Value, served.AppliedIndex, null);
                case ReadResult.NoLeader noLeader:
                    if (deadline - DateTime.UtcNow < delay + MinimumAsk) return new ReadOutcome<T>(false, default, 0, noLeader.Reason);
                    await Task.Delay(delay, cancellationToken);
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
                    break;
            }
        }
    }

    public async Task<RaftStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var actor = await raft.GetAsync(cancellationToken);
        return await actor.Ask<RaftStatus>(GetStatus.Instance, node.Api.RequestTimeout, cancellationToken);
    }

    /// <summary>A cluster operation (membership, transfer, snapshot), bounded by raft3d.api.cluster-timeout.</summary>
    public async Task<T> AskAsync<T>(object message, CancellationToken cancellationToken)
    {
        var actor = await raft.GetAsync(cancellationToken);
        return await actor.Ask<T>(message, node.Api.ClusterTimeout, cancellationToken);
    }
}
